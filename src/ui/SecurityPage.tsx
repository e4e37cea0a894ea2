/** Privacy and backup: passphrase, lock, encrypted backup, plain export, erase everything. */
import { A } from '@solidjs/router';
import { createSignal, createUniqueId, For, Match, Show, Switch } from 'solid-js';
import { t } from '../i18n/index.ts';
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
      <summary>{t('security.disk.summary')}</summary>
      <p class="hint">{t('security.disk.text')}</p>
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
          {shown() ? t('security.secret.hide') : t('security.secret.show')}
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
  /** Raw RR intervals go into a plain export only when this is ticked (never by default). */
  const [heartbeats, setHeartbeats] = createSignal(false);
  const isPassphrase = () =>
    app.journal.state().kind === 'unlocked' && (app.journal.state() as { protection: string }).protection === 'passphrase';
  return (
    <>
      <h2>{t('security.backup.title')}</h2>
      <p class="hint">{t('security.backup.hint')}</p>
      <button
        type="button"
        disabled={exporter.busy() || !isPassphrase()}
        onClick={() =>
          void exporter.run(async () => {
            const { text, leftOut } = await app.journal.exportBackup();
            download(`sacred-breathing-backup-${today()}.json`, text, 'application/json');
            return leftOut ? t('security.backup.savedWithout', leftOut) : t('security.backup.saved');
          })
        }
      >
        {t('security.backup.save')}
      </button>
      <Show when={!isPassphrase()}>
        <p class="hint">{t('security.backup.needsPassphrase')}</p>
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
            const done = duplicates
              ? t('security.restore.importedWithDuplicates', added, duplicates)
              : t('security.restore.imported', added);
            return verified ? done : `${done} ${t('security.restore.olderFormat')}`;
          });
        }}
      >
        <h3>{t('security.restore.title')}</h3>
        <label class="file-pick">
          {t('security.restore.file')}
          <span class="file-pick-row">
            <input
              class="visually-hidden"
              type="file"
              accept="application/json,.json"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              required
            />
            <span class="button" aria-hidden="true">
              {t('security.restore.choose')}
            </span>
            <span class="file-name" classList={{ chosen: !!file() }} data-testid="file-name">
              {file()?.name ?? t('security.restore.noFile')}
            </span>
          </span>
        </label>
        <SecretField label={t('security.restore.secret')} value={secret()} onInput={setSecret} />
        <button type="submit" disabled={importer.busy()}>
          {importer.busy() ? t('security.restore.importing') : t('security.restore.import')}
        </button>
        <importer.Message />
        <Show when={dropped()}>
          <div class="import-warning" role="alert" data-testid="import-warning">
            <p>
              <strong>{t('security.restore.droppedTitle')}</strong> {t('security.restore.droppedText')}
            </p>
            <p>
              <button type="button" onClick={() => document.getElementById(NEW_PASSPHRASE_FIELD)?.focus()}>
                {t('security.restore.setPassphrase')}
              </button>
            </p>
          </div>
        </Show>
      </form>
      <h2>{t('security.plain.title')}</h2>
      <p class="hint">{t('security.plain.hint')}</p>
      <label class="plain-heartbeats">
        <input
          type="checkbox"
          checked={heartbeats()}
          aria-describedby="plain-heartbeats-hint"
          onChange={(e) => setHeartbeats(e.currentTarget.checked)}
        />
        {t('security.plain.heartbeats')}
      </label>
      <p class="hint" id="plain-heartbeats-hint">
        {t('security.plain.heartbeatsHint')}
      </p>
      <div class="controls left">
        <button
          type="button"
          onClick={() =>
            void exporter.run(async () => {
              download(
                `sacred-breathing-${today()}.json`,
                await app.journal.plainJson({ includeHeartbeats: heartbeats() }),
                'application/json',
              );
              return t('security.plain.jsonSaved');
            })
          }
        >
          {t('security.plain.json')}
        </button>
        <button
          type="button"
          onClick={() =>
            void exporter.run(async () => {
              download(`sacred-breathing-${today()}.csv`, await app.journal.plainCsv({ includeHeartbeats: heartbeats() }), 'text/csv');
              return t('security.plain.csvSaved');
            })
          }
        >
          {t('security.plain.csv')}
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
      <h2>{t('security.erase.title')}</h2>
      <p class="hint">{t('security.erase.hint')}</p>
      <label class="field">
        {t('security.erase.confirm', t('security.erase.word'))}
        <input value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} autocomplete="off" />
      </label>
      <button type="submit" class="danger" disabled={busy() || typed().trim() !== t('security.erase.word')}>
        {t('security.erase.button')}
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
      <h1 id="security-title">{t('security.title')}</h1>
      <p>
        <A href="/journal">{t('security.back')}</A>
      </p>
      <p data-testid="protection">
        <Switch>
          <Match when={state().kind === 'unavailable'}>{t('security.protection.unavailable')}</Match>
          <Match when={state().kind === 'locked'}>{t('security.protection.locked')}</Match>
          <Match when={state().kind === 'needs-passphrase'}>{t('security.protection.needsPassphrase')}</Match>
          <Match when={protection() === 'device'}>{t('security.protection.device')}</Match>
          <Match when={protection() === 'passphrase'}>{t('security.protection.passphrase')}</Match>
        </Switch>
      </p>
      <Switch>
        <Match when={state().kind === 'locked'}>
          <UnlockForm title={t('security.unlockTitle')} focus={lockedHere()} />
        </Match>
        <Match when={state().kind === 'needs-passphrase' || protection() === 'device'}>
          <PassphraseSetup onDone={() => setDone('set')} />
          <Backup />
        </Match>
        <Match when={protection() === 'passphrase'}>
          <Show when={done()} keyed>
            {(what) => (
              <p class="saved done-status" role="status" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
                {what === 'set' ? t('security.done.set') : t('security.done.changed')}
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
              {t('security.lock.now')}
            </button>
            <label class="field inline">
              {t('security.lock.after')}
              <select
                value={String(app.settings().autoLockMinutes)}
                onChange={(e) => void app.settings.update({ autoLockMinutes: Number(e.currentTarget.value) })}
              >
                <For each={AUTO_LOCK_CHOICES}>
                  {(m) => <option value={String(m)}>{m === 0 ? t('security.lock.never') : t('security.lock.idle', m)}</option>}
                </For>
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
