/**
 * Choosing the guide: the glyph suggested for the pattern and hour, the plain circle, any glyph of
 * the pack or of the person's own list, and adding a glyph by pasting its CID. Loaded lazily.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import type { Pattern } from '../core/pattern.ts';
import type { GlyphInfo, GlyphStore } from '../glyphs/store.ts';
import { useAction } from './action.tsx';
import { describeError } from './messages/index.ts';
import { useApp } from './state.tsx';

/** A glyph's picture, or a short note when it cannot be loaded (offline and never seen, say). */
function Thumb(props: { store: GlyphStore; cid: string }) {
  const [url] = createResource(
    () => props.cid,
    // reason: a glyph that cannot be loaded shows a note instead; the loader already tried every source
    (cid) => props.store.image(cid).catch(() => null),
  );
  return (
    <Show when={url()} fallback={<span class="glyph-thumb glyph-missing">{url.loading ? '…' : 'not available'}</span>}>
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
  const suggested = () => store()?.suggest(props.pattern, new Date().getHours());
  const current = () =>
    props.choice === 'suggested'
      ? { name: `${suggested()?.name ?? ''} (suggested)`, cid: suggested()?.cid }
      : props.choice === 'shape'
        ? { name: 'Circle', cid: undefined }
        : { name: glyphs().find((g) => g.cid === props.choice)?.name ?? 'Your glyph', cid: props.choice };
  const { run, busy, Message } = useAction();
  const [cidText, setCidText] = createSignal('');
  const [name, setName] = createSignal('');

  const option = (value: string, label: string, cid?: string) => (
    <label class="glyph-option">
      <input type="radio" name="glyph" value={value} checked={props.choice === value} onChange={() => props.onChoose(value)} />
      <Show when={cid && store()} fallback={<span class="glyph-thumb glyph-circle" />}>
        <Thumb store={store()!} cid={cid!} />
      </Show>
      <span>{label}</span>
    </label>
  );

  return (
    <fieldset class="glyph-list">
      <legend>Guide</legend>
      <Show when={loaded.error}>
        {(error) => (
          <div role="alert" class="form-error">
            <p>{describeError(error())}</p>
            <button type="button" onClick={() => void refetch()}>
              Try again
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
            <span class="hint">change</span>
          </summary>
          <div class="glyph-options">
            {option('suggested', `Suggested: ${suggested()?.name ?? ''}`, suggested()?.cid)}
            {option('shape', 'Circle')}
            <For each={glyphs()}>{(g: GlyphInfo) => option(g.cid, g.name, g.cid)}</For>
          </div>
          <Show when={glyphs().some((g) => !g.builtIn)}>
            <ul class="glyph-own">
              <For each={glyphs().filter((g) => !g.builtIn)}>
                {(g) => (
                  <li>
                    {g.name}
                    <button
                      type="button"
                      aria-label={`Remove ${g.name}`}
                      onClick={() =>
                        void run(async () => {
                          await store()!.remove(g.cid);
                          if (props.choice === g.cid) props.onChoose('suggested');
                          return `${g.name} was removed.`;
                        })
                      }
                    >
                      Remove
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </details>
        <details class="glyph-add">
          <summary>Add a glyph by CID</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const added = await store()!.add(cidText(), name());
                setCidText('');
                setName('');
                props.onChoose(added.cid);
                return `${added.name} was checked against its CID, saved on this device and chosen.`;
              });
            }}
          >
            <label>
              CID
              <input
                value={cidText()}
                onInput={(e) => setCidText(e.currentTarget.value)}
                required
                spellcheck={false}
                autocomplete="off"
                placeholder="bafkrei…"
              />
            </label>
            <label>
              Name (optional)
              <input value={name()} onInput={(e) => setName(e.currentTarget.value)} maxLength={40} />
            </label>
            <button type="submit" disabled={busy()}>
              {busy() ? 'Checking…' : 'Add'}
            </button>
          </form>
        </details>
        <Message />
      </Show>
    </fieldset>
  );
}
