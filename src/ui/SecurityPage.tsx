/** Privacy and backup: passphrase, lock, encrypted backup, plain export, erase everything. */
import { A } from '@solidjs/router';
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { AUTO_LOCK_CHOICES } from '../local/settings.ts';
import { BackupManifestError } from '../vault/backup-manifest.ts';
import { BackupFormatError, MAX_BACKUP_BYTES } from '../vault/backup.ts';
import { decodeRecoveryKey } from '../vault/recovery-key.ts';
import { download, today } from './download.ts';
import { PassphraseSetup } from './PassphraseSetup.tsx';
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

/** What the browser's own files may keep after a move to a new database, said plainly. */
function DiskNote() {
  return (
    <p class="hint" data-testid="disk-note">
      Setting or changing the passphrase re-encrypted your sessions under a new key in a new database and deleted the old
      database. Your browser does not wipe a deleted database at once: until it compacts its files, which can take days,
      pieces of it remain in them, and the disk itself may keep freed blocks longer. Those pieces hold the sessions saved
      before, with the old key that opened them (before a passphrase: the device key, kept beside them), so someone who copies
      this browser's files before then could read those sessions. Sessions saved since are not among them. Encrypting the
      whole device (most phones do) protects against that.
    </p>
  );
}

function Backup() {
  const app = useApp();
  const exporter = useAction();
  const importer = useAction();
  const [file, setFile] = createSignal<File | null>(null);
  const [secret, setSecret] = createSignal('');
  const isPassphrase = () => app.journal.state().kind === 'unlocked' && (app.journal.state() as { protection: string }).protection === 'passphrase';
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
          void importer.run(async () => {
            const f = file()!;
            // Checked before reading: a huge file would otherwise be read whole into memory.
            if (f.size > MAX_BACKUP_BYTES) throw new BackupFormatError('This file is far larger than any backup. Nothing was imported.');
            const text = await f.text();
            const secretGiven = looksLikeRecoveryKey(secret()) ? { recoveryKey: secret() } : { passphrase: secret() };
            const { added, duplicates, verified } = await app.journal.importBackup(text, secretGiven).catch((error: unknown) => {
              if (!(error instanceof BackupManifestError)) throw error;
              throw new Error(`${error.message} If you have another copy of this backup, try that one.`);
            });
            setSecret('');
            const done = `Imported ${added} sessions${duplicates ? ` (${duplicates} were already here)` : ''}.`;
            return verified
              ? done
              : `${done} This backup is in the older format (version 1), which cannot show whether sessions were removed from the file: check that your history is complete.`;
          });
        }}
      >
        <label class="field">
          Backup file
          <input type="file" accept="application/json,.json" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} required />
        </label>
        <label class="field">
          Its passphrase or recovery key
          <input type="password" autocomplete="off" value={secret()} onInput={(e) => setSecret(e.currentTarget.value)} required />
        </label>
        <button type="submit" disabled={importer.busy()}>
          {importer.busy() ? 'Importing…' : 'Import'}
        </button>
        <importer.Message />
      </form>
      <h2>Plain export</h2>
      <p class="hint">Your data, readable by any program. These files are not encrypted: keep them private.</p>
      <div class="controls left">
        <button type="button" onClick={() => void exporter.run(async () => (download(`sacred-breathing-${today()}.json`, await app.journal.plainJson(), 'application/json'), 'JSON saved.'))}>
          Export JSON
        </button>
        <button type="button" onClick={() => void exporter.run(async () => (download(`sacred-breathing-${today()}.csv`, await app.journal.plainCsv(), 'text/csv'), 'CSV saved.'))}>
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
          <Match when={state().kind === 'needs-passphrase'}>This browser cannot keep a device key: set a passphrase to keep your journal.</Match>
          <Match when={protection() === 'device'}>Your journal is encrypted with a key that never leaves this device.</Match>
          <Match when={protection() === 'passphrase'}>Your journal is encrypted and opens only with your passphrase or recovery key.</Match>
        </Switch>
      </p>
      <Switch>
        <Match when={state().kind === 'locked'}>
          <UnlockForm title="Unlock to change settings or back up" />
        </Match>
        <Match when={state().kind === 'needs-passphrase' || protection() === 'device'}>
          <PassphraseSetup />
          <Backup />
        </Match>
        <Match when={protection() === 'passphrase'}>
          <div class="controls left">
            <button type="button" onClick={() => app.journal.lock()}>
              Lock now
            </button>
            <label>
              Lock after
              <select value={String(app.settings().autoLockMinutes)} onChange={(e) => app.updateSettings({ autoLockMinutes: Number(e.currentTarget.value) })}>
                <For each={AUTO_LOCK_CHOICES}>{(m) => <option value={String(m)}>{m === 0 ? 'never' : `${m} min idle`}</option>}</For>
              </select>
            </label>
          </div>
          <PassphraseSetup change />
          <DiskNote />
          <Backup />
        </Match>
      </Switch>
      <Erase />
    </section>
  );
}
