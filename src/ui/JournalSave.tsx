/**
 * At the end of a session: whether it is in the journal, and a mood and note to add to it.
 * `actions` (what to do next) follow the journal's part, except that an optional unlock comes after them.
 */
import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { MAX_NOTE_LENGTH, type Mood } from '../core/journal.ts';
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
  const [status, setStatus] = createSignal('');
  const journalState = () => app.journal.state();
  /** Saved while locked: nothing more to do here, so the next steps come before the optional unlock. */
  const sealed = () => app.journal.pending().length === 0 && !!app.journal.lastSavedId() && journalState().kind === 'locked';

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    try {
      await app.journal.annotate(app.journal.lastSavedId()!, { ...(mood() ? { moodAfter: mood()! } : {}), note: note() });
      setStatus('Saved.');
    } catch (err) {
      setStatus(`Not saved: ${describeError(err)}`);
    }
  };

  return (
    <section class="journal-save" aria-label="Journal">
      <Switch>
        <Match when={journalState().kind === 'unavailable'}>
          <p role="alert">
            This session was not saved: the journal could not be opened. {unavailableWords((journalState() as { error: unknown }).error)}
          </p>
        </Match>
        <Match when={app.journal.pending().length > 0 && journalState().kind === 'needs-passphrase'}>
          <p class="warning" role="alert">
            {needsPassphraseWords((journalState() as { errorName: string }).errorName)} Until then this session is kept only while the app
            is open: closing or reloading it loses the session. <a href="/journal/security">Set a passphrase</a>
          </p>
        </Match>
        <Match when={app.journal.pending().length > 0}>
          <UnlockForm title="Unlock your journal to save this session" />
        </Match>
        <Match when={sealed()}>
          <div class="saved-card" data-testid="sealed">
            <Tick />
            <h2>Saved</h2>
            <p>Your journal is locked, so this session is stored encrypted and will appear in your history next time you unlock.</p>
          </div>
          {props.actions}
          <UnlockForm title="Unlock to add a mood or note (optional)" secondary />
        </Match>
        <Match when={app.journal.lastSavedId()}>
          <div class="saved-card" data-testid="saved">
            <Tick />
            <h2>Saved to your journal</h2>
            <p>Encrypted on this device. A mood or a note can follow.</p>
          </div>
          <form class="annotate" onSubmit={(e) => void save(e)}>
            <MoodPicker legend="How do you feel now? (optional)" name="mood-after" value={mood()} onChange={setMood} />
            <label class="field">
              Note (optional)
              <textarea rows="3" maxlength={MAX_NOTE_LENGTH} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
            <div class="controls">
              <button type="submit">Save mood and note</button>
              <span role="status" class="annotate-status" classList={{ done: status() === 'Saved.' }}>
                <Show when={status() === 'Saved.'}>
                  <Tick />
                </Show>
                {status()}
              </span>
            </div>
          </form>
        </Match>
      </Switch>
      <Show when={!sealed()}>{props.actions}</Show>
    </section>
  );
}
