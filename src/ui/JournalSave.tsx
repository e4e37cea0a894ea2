/**
 * At the end of a session: whether it is in the journal, and a mood and note to add to it.
 * `actions` (what to do next) follow the journal's part, except that an optional unlock comes after them.
 */
import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { MAX_NOTE_LENGTH, type Mood } from '../core/journal.ts';
import { t } from '../i18n/index.ts';
import { describeError } from './messages/index.ts';
import { needsPassphraseWords, unavailableWords } from './messages/vault.ts';
import { MoodPicker } from './MoodPicker.tsx';
import { UnlockForm } from './UnlockForm.tsx';
import { useApp } from './state.tsx';

/** A tick in a circle: the session is safe. */
const Tick = () => (
  <svg
    viewBox="0 0 24 24"
    aria-hidden="true"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
  >
    <circle cx="12" cy="12" r="10" />
    <path d="M7.5 12.5l3 3 6-6.5" />
  </svg>
);

export function JournalSave(props: { actions: JSX.Element }) {
  const app = useApp();
  const [mood, setMood] = createSignal<Mood | undefined>();
  const [note, setNote] = createSignal('');
  /** The mood and note's outcome: saved, or not with the words why (said when it failed). */
  const [status, setStatus] = createSignal<{ saved: true } | { saved: false; why: string } | null>(null);
  const journalState = () => app.journal.state();
  /** Saved while locked: nothing more to do here, so the next steps come before the optional unlock. */
  const sealed = () => app.journal.pending().length === 0 && !!app.journal.lastSavedId() && journalState().kind === 'locked';

  const saved = () => status()?.saved === true;
  const statusText = () => {
    const s = status();
    return !s ? '' : s.saved ? t('journal.save.done') : t('journal.save.failed', s.why);
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    try {
      await app.journal.annotate(app.journal.lastSavedId()!, { ...(mood() ? { moodAfter: mood()! } : {}), note: note() });
      setStatus({ saved: true });
    } catch (err) {
      setStatus({ saved: false, why: describeError(err) });
    }
  };

  return (
    <section class="journal-save" aria-label={t('journal.save.label')}>
      <Switch>
        <Match when={journalState().kind === 'unavailable'}>
          <p role="alert">{t('journal.save.notSaved', unavailableWords((journalState() as { error: unknown }).error))}</p>
        </Match>
        <Match when={app.journal.pending().length > 0 && journalState().kind === 'needs-passphrase'}>
          <p class="warning" role="alert">
            {needsPassphraseWords((journalState() as { errorName: string }).errorName)} {t('journal.save.keptWhileOpen')}{' '}
            <a href="/journal/security">{t('journal.setPassphrase')}</a>
          </p>
        </Match>
        <Match when={app.journal.pending().length > 0}>
          <UnlockForm title={t('journal.save.unlockToSave')} />
        </Match>
        <Match when={sealed()}>
          <div class="saved-card" data-testid="sealed">
            <Tick />
            <h2>{t('journal.save.sealedTitle')}</h2>
            <p>{t('journal.save.sealedText')}</p>
          </div>
          {props.actions}
          <UnlockForm title={t('journal.save.unlockOptional')} secondary />
        </Match>
        <Match when={app.journal.lastSavedId()}>
          <div class="saved-card" data-testid="saved">
            <Tick />
            <h2>{t('journal.save.savedTitle')}</h2>
            <p>{t('journal.save.savedText')}</p>
          </div>
          <form class="annotate" onSubmit={(e) => void save(e)}>
            <MoodPicker legend={t('journal.save.moodLegend')} name="mood-after" value={mood()} onChange={setMood} />
            <label class="field">
              {t('journal.save.note')}
              <textarea rows="3" maxlength={MAX_NOTE_LENGTH} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <div class="controls">
              <button type="submit">{t('journal.save.submit')}</button>
              <span role="status" class="annotate-status" classList={{ done: saved() }}>
                <Show when={saved()}>
                  <Tick />
                </Show>
                {statusText()}
              </span>
            </div>
          </form>
        </Match>
      </Switch>
      <Show when={!sealed()}>{props.actions}</Show>
    </section>
  );
}
