/** Privacy and backup: passphrase, lock, encrypted backup, plain export, erase everything. */
import { A } from '@solidjs/router';
import { createSignal, createUniqueId, For, Match, Show, Switch } from 'solid-js';
import { AUTO_LOCK_CHOICES } from '../local/settings.ts';
import { MAX_BACKUP_BYTES } from '../vault/backup.ts';
import { BackupFormatError } from '../vault/errors.ts';
import { decodeRecoveryKey } from '../vault/recovery-key.ts';
import { download, today } from './download.ts';
import { NEW_PASSPHRASE_FIELD, PassphraseSetup } from './PassphraseSetup.tsx';
import { UnlockForm } from './UnlockForm.tsx';
import { useAction } from './action.tsx';
import { useApp } from './state.tsx';

/** A recovery key however typed (spaces, dashes, case); anything else is taken as a passphrase. */
function looksLikeRecoveryKey(text: string): boolean {
  try {
    decodeRecoveryKey(text);
    return true;
  } catch {
    // reason: not decodable as a recovery key is exactly the answer "no".
    return false;
  }
}

/** What the browser's own files may keep after a move to a new database, said plainly; `open` right after one. */
function DiskNote(props: { open: boolean }) {
  return (
    <details class="disk-note" data-testid="disk-note" open={props.open}>
      <summary>What stays on disk?</summary>
      <p class="hint">
        When the passphrase is set or changed, your sessions move to a new encrypted store and the old one is deleted. Your browser may keep
        pieces of the old store on disk for a few days, and someone who copied this browser's files in that time could read the sessions
        saved before. Sessions saved since are not affected. Keeping your device's own encryption on (most phones have it on) protects
        against this.
      </p>
    </details>
  );
}

/** A secret field with a button that shows what was typed. */
function SecretField(props: { label: string; value: string; onInput(value: string): void }) {
  const id = createUniqueId();
  const [shown, setShown] = createSignal(false);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <div class="secret-row">
        <input
          id={id}
          type={shown() ? 'text' : 'password'}
          autocomplete="off"
          spellcheck={false}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          required
        />
        <button type="button" aria-controls={id} aria-pressed={shown()} onClick={() => setShown(!shown())}>
          {shown() ? 'Hide' : 'Show'}
        </button>
      </div>
    </div>
  );
}

function Backup() {
  const app = useApp();
  const exporter = useAction();
  const importer = useAction();
  const [file, setFile] = createSignal<File | null>(null);
  const [secret, setSecret] = createSignal('');
  /** Set after an import into a journal that opens without a passphrase, which the backup had. */
  const [dropped, setDropped] = createSignal(false);
  const isPassphrase = () =>
    app.journal.state().kind === 'unlocked' && (app.journal.state() as { protection: string }).protection === 'passphrase';
  return (
    <>
      <h2>Encrypted backup</h2>
      <p class="hint">One file with every session, still encrypted. It opens on any device with your passphrase or recovery key.</p>
      <button
        type="button"
        disabled={exporter.busy() || !isPassphrase()}
        onClick={() =>
          void exporter.run(async () => {
            const { text, leftOut } = await app.journal.exportBackup();
            download(`sacred-breathing-backup-${today()}.json`, text, 'application/json');
            return leftOut ? `Backup saved, without ${leftOut} damaged sessions that could not be read.` : 'Backup saved.';
          })
        }
      >
        Save an encrypted backup
      </button>
      <Show when={!isPassphrase()}>
        <p class="hint">Set a passphrase first: a backup must open without this device.</p>
      </Show>
      <exporter.Message />
      <form
        class="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          setDropped(false);
          void importer.run(async () => {
            const f = file()!;
            // Checked before reading: a huge file would otherwise be read whole into memory.
            if (f.size > MAX_BACKUP_BYTES) throw new BackupFormatError({ kind: 'too-large', maxBytes: MAX_BACKUP_BYTES });
            const text = await f.text();
            const secretGiven = looksLikeRecoveryKey(secret()) ? { recoveryKey: secret() } : { passphrase: secret() };
            const { added, duplicates, verified, passphraseDropped } = await app.journal.importBackup(text, secretGiven);
            setSecret('');
            setDropped(passphraseDropped);
            const done = `Imported ${added} sessions${duplicates ? ` (${duplicates} were already here)` : ''}.`;
            return verified
              ? done
              : `${done} This backup is in the older format (version 1), which cannot show whether sessions were removed from the file: check that your history is complete.`;
          });
        }}
      >
        <h3>Restore from a backup</h3>
        <label class="file-pick">
          Backup file
          <span class="file-pick-row">
            <input
              class="visually-hidden"
              type="file"
              accept="application/json,.json"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              required
            />
            <span class="button" aria-hidden="true">
              Choose a file
            </span>
            <span class="file-name" classList={{ chosen: !!file() }} data-testid="file-name">
              {file()?.name ?? 'No file chosen'}
            </span>
          </span>
        </label>
        <SecretField label="The passphrase or recovery key it was saved with" value={secret()} onInput={setSecret} />
        <button type="submit" disabled={importer.busy()}>
          {importer.busy() ? 'Importing…' : 'Import'}
        </button>
        <importer.Message />
        <Show when={dropped()}>
          <div class="import-warning" role="alert" data-testid="import-warning">
            <p>
              <strong>These sessions are no longer protected by a passphrase.</strong> The backup opened only with its passphrase or
              recovery key; on this device the journal opens without one, so anyone who uses this browser can read them.
            </p>
            <p>
              <button type="button" onClick={() => document.getElementById(NEW_PASSPHRASE_FIELD)?.focus()}>
                Set a passphrase
              </button>
            </p>
          </div>
        </Show>
      </form>
      <h2>Plain export</h2>
      <p class="hint">Your data, readable by any program. These files are not encrypted: keep them private.</p>
      <div class="controls left">
        <button
          type="button"
          onClick={() =>
            void exporter.run(async () => {
              download(`sacred-breathing-${today()}.json`, await app.journal.plainJson(), 'application/json');
              return 'JSON saved.';
            })
          }
        >
          Export JSON
        </button>
        <button
          type="button"
          onClick={() =>
            void exporter.run(async () => {
              download(`sacred-breathing-${today()}.csv`, await app.journal.plainCsv(), 'text/csv');
              return 'CSV saved.';
            })
          }
        >
          Export CSV
        </button>
      </div>
    </>
  );
}

function Erase() {
  const app = useApp();
  const [typed, setTyped] = createSignal('');
  const { run, busy, Message } = useAction();
  return (
    <form
      class="erase-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await app.eraseEverything();
        });
      }}
    >
      <h2>Erase everything</h2>
      <p class="hint">
        Deletes the journal, its keys, your patterns and settings from this device, for good. Backups you saved are not touched.
      </p>
      <label class="field">
        Type ERASE to confirm
        <input value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" />
      </label>
      <button type="submit" class="danger" disabled={busy() || typed() !== 'ERASE'}>
        Erase everything
      </button>
      <Message />
    </form>
  );
}

export default function SecurityPage() {
  const app = useApp();
  const state = () => app.journal.state();
  const protection = () => (state() as { protection?: string }).protection;
  /** What was just done to the passphrase on this visit, said once it is in force. */
  const [done, setDone] = createSignal<'set' | 'changed' | null>(null);
  /** Locked with the button here (not by the idle timer): the keyboard goes to the unlock field. */
  const [lockedHere, setLockedHere] = createSignal(false);
  return (
    <section class="security" aria-labelledby="security-title">
      <h1 id="security-title">Privacy and backup</h1>
      <p>
        <A href="/journal">Back to the journal</A>
      </p>
      <p data-testid="protection">
        <Switch>
          <Match when={state().kind === 'unavailable'}>The journal could not be opened.</Match>
          <Match when={state().kind === 'locked'}>The journal is locked.</Match>
          <Match when={state().kind === 'needs-passphrase'}>
            This browser cannot keep a device key: set a passphrase to keep your journal.
          </Match>
          <Match when={protection() === 'device'}>Your journal is encrypted with a key that never leaves this device.</Match>
          <Match when={protection() === 'passphrase'}>Your journal is encrypted and opens only with your passphrase or recovery key.</Match>
        </Switch>
      </p>
      <Switch>
        <Match when={state().kind === 'locked'}>
          <UnlockForm title="Unlock to change settings or back up" focus={lockedHere()} />
        </Match>
        <Match when={state().kind === 'needs-passphrase' || protection() === 'device'}>
          <PassphraseSetup onDone={() => setDone('set')} />
          <Backup />
        </Match>
        <Match when={protection() === 'passphrase'}>
          <Show when={done()} keyed>
            {(what) => (
              <p class="saved done-status" role="status" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
                {what === 'set'
                  ? 'Passphrase set. Your journal now opens only with it or your recovery key.'
                  : 'Passphrase changed. From now on your new passphrase and new recovery key open the journal; the old ones no longer do.'}
              </p>
            )}
          </Show>
          <div class="controls left">
            <button
              type="button"
              onClick={() => {
                setDone(null);
                setLockedHere(true);
                app.journal.lock();
              }}
            >
              Lock now
            </button>
            <label class="field inline">
              Lock after
              <select
                value={String(app.settings().autoLockMinutes)}
                onChange={(e) => void app.settings.update({ autoLockMinutes: Number(e.currentTarget.value) })}
              >
                <For each={AUTO_LOCK_CHOICES}>{(m) => <option value={String(m)}>{m === 0 ? 'never' : `${m} min idle`}</option>}</For>
              </select>
            </label>
          </div>
          <PassphraseSetup change onDone={() => setDone('changed')} />
          <DiskNote open={done() !== null} />
          <Backup />
        </Match>
      </Switch>
      <Erase />
    </section>
  );
}
