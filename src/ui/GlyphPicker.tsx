/**
 * Choosing the guide: the glyph suggested for the pattern and hour, the plain circle, any glyph of
 * the pack or of the person's own list, and adding a glyph by pasting its CID. Loaded lazily.
 */
import { createEffect, createMemo, createResource, createSignal, createUniqueId, For, onCleanup, Show } from 'solid-js';
import type { Pattern } from '../core/pattern.ts';
import { distinctNames } from '../glyphs/names.ts';
import type { GlyphInfo, GlyphStore } from '../glyphs/store.ts';
import { t } from '../i18n/index.ts';
import { ErrorDetails, useAction } from './action.tsx';
import { describeError } from './messages/index.ts';
import { glyphErrorDetails, glyphName } from './messages/glyphs.ts';
import { useApp } from './state.tsx';
import './glyph-picker.css';

/**
 * A glyph's picture, or a short note when it cannot be loaded (offline and never seen, say).
 * Not a resource: reading one under the practice page's Suspense would hide the whole picker while
 * a new choice's picture loads, and the keyboard focus with it.
 */
function Thumb(props: { store: GlyphStore; cid: string }) {
  const [url, setUrl] = createSignal<string | null | undefined>(undefined);
  createEffect(() => {
    const cid = props.cid;
    let current = true;
    onCleanup(() => {
      current = false;
    });
    setUrl(undefined);
    props.store.image(cid).then(
      (src) => current && setUrl(src),
      // reason: a glyph that cannot be loaded shows a note instead; the loader already tried every source
      () => current && setUrl(null),
    );
  });
  return (
    <Show
      when={url()}
      fallback={<span class="glyph-thumb glyph-missing">{url() === undefined ? '…' : t('glyphs.picker.notAvailable')}</span>}
    >
      {(src) => <img class="glyph-thumb" src={src()} alt="" width="48" height="48" />}
    </Show>
  );
}

export default function GlyphPicker(props: { choice: string; pattern: Pattern; onChoose(choice: string): void }) {
  const app = useApp();
  // Each mount (and each "Try again") asks for the store and reads the own list afresh: another tab may have changed it.
  const [loaded, { refetch }] = createResource(async () => {
    const glyphs = await app.glyphs();
    void glyphs.refresh();
    return glyphs;
  });
  // Read without throwing: a failed load is shown below, with a way to try again, not thrown into the page.
  const store = () => (loaded.error ? undefined : loaded());
  const glyphs = (): readonly GlyphInfo[] => store()?.list() ?? [];
  /** Each glyph's name as shown, in the person's language: never two alike (an own glyph called "Moon" becomes "Moon (yours)"). */
  const names = createMemo(() => distinctNames(glyphs(), { name: glyphName, yours: (name) => t('glyphs.picker.yours', name) }));
  const nameOf = (g: GlyphInfo) => names().get(g.cid) ?? glyphName(g);
  const suggested = () => store()?.suggest(props.pattern, new Date().getHours());
  const current = () =>
    props.choice === 'suggested'
      ? { name: t('glyphs.picker.suggestedNamed', suggested() ? nameOf(suggested()!) : ''), cid: suggested()?.cid }
      : props.choice === 'shape'
        ? { name: t('glyphs.picker.circle'), cid: undefined }
        : { name: names().get(props.choice) ?? t('glyphs.picker.yourGlyph'), cid: props.choice };
  const { run, busy, Message } = useAction({ details: glyphErrorDetails });
  // One radio group per picker: arrows move focus and choice within it, and Tab reaches it once.
  const group = createUniqueId();
  const [cidText, setCidText] = createSignal('');
  const [name, setName] = createSignal('');

  const option = (value: string, label: () => string, cid?: string, note?: () => string) => (
    <label class="glyph-option">
      <input type="radio" name={group} value={value} checked={props.choice === value} onChange={() => props.onChoose(value)} />
      <Show when={cid && store()} fallback={<span class="glyph-thumb glyph-circle" />}>
        <Thumb store={store()!} cid={cid!} />
      </Show>
      <span class="glyph-name">{label()}</span>
      <Show when={note}>
        <span class="glyph-note">{note?.()}</span>
      </Show>
    </label>
  );

  return (
    <fieldset class="glyph-list">
      <legend>{t('glyphs.picker.legend')}</legend>
      <Show when={loaded.error}>
        {(error) => (
          <div class="form-error error-with-details">
            <p role="alert">{describeError(error())}</p>
            <Show when={glyphErrorDetails(error())}>{(details) => <ErrorDetails lines={details()} />}</Show>
            <button type="button" onClick={() => void refetch()}>
              {t('glyphs.picker.tryAgain')}
            </button>
          </div>
        )}
      </Show>
      <Show when={store()}>
        <details class="glyph-choose" onToggle={(e) => e.currentTarget.open && void store()?.refresh()}>
          <summary>
            <Show when={current().cid} fallback={<span class="glyph-thumb glyph-circle" />}>
              {(cid) => <Thumb store={store()!} cid={cid()} />}
            </Show>
            <span>{current().name}</span>
            <span class="hint">{t('glyphs.picker.change')}</span>
          </summary>
          <div class="glyph-options">
            {/* The suggested glyph is one of those below, so it is not named here: no name shows twice. */}
            {option(
              'suggested',
              () => t('glyphs.picker.suggested'),
              suggested()?.cid,
              () => t('glyphs.picker.suggestedNote'),
            )}
            {option('shape', () => t('glyphs.picker.circle'))}
            <For each={glyphs()}>{(g: GlyphInfo) => option(g.cid, () => nameOf(g), g.cid)}</For>
          </div>
          <Show when={glyphs().some((g) => !g.builtIn)}>
            <ul class="glyph-own">
              <For each={glyphs().filter((g) => !g.builtIn)}>
                {(g) => (
                  <li>
                    {nameOf(g)}
                    <button
                      type="button"
                      aria-label={t('glyphs.picker.removeNamed', nameOf(g))}
                      onClick={() =>
                        void run(async () => {
                          await store()!.remove(g.cid);
                          if (props.choice === g.cid) props.onChoose('suggested');
                          return t('glyphs.picker.removed', nameOf(g));
                        })
                      }
                    >
                      {t('glyphs.picker.remove')}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </details>
        <details class="glyph-add">
          <summary>{t('glyphs.picker.add')}</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const added = await store()!.add(cidText(), name());
                setCidText('');
                setName('');
                props.onChoose(added.cid);
                return t('glyphs.picker.added', nameOf(added));
              });
            }}
          >
            <label>
              {t('glyphs.picker.cid')}
              <input
                value={cidText()}
                onInput={(e) => setCidText(e.currentTarget.value)}
                required
                spellcheck={false}
                autocomplete="off"
                // i18n-exempt: the start of a CID, not words
                placeholder="bafkrei…"
              />
            </label>
            <label>
              {t('glyphs.picker.name')}
              <input value={name()} onInput={(e) => setName(e.currentTarget.value)} maxLength={40} />
            </label>
            <button type="submit" disabled={busy()}>
              {busy() ? t('glyphs.picker.checking') : t('glyphs.picker.addButton')}
            </button>
          </form>
        </details>
        <Message />
      </Show>
    </fieldset>
  );
}
