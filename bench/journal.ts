/**
 * Journal figures: the passphrase KDF at the parameters this machine calibrates to (next to the
 * OWASP scrypt setting as a reference), record sealing and opening for 10,000 sessions (next to
 * bare AES-GCM on the same bytes), and, in Chromium, the time to first render of a 10,000-session
 * history (target: under 500 ms), with and without the sealed history snapshot.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { chromium } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAesKey, seal, utf8 } from '../src/vault/aead.ts';
import { randomBytes, toBase64Url } from '../src/shared/bytes.ts';
import { calibrate, deriveKey } from '../src/vault/kdf.ts';
import { newDataKey, wrapWithPassphrase, wrapWithRecoveryKey } from '../src/vault/keyring.ts';
import { newRecordId, openEntry, sealEntry } from '../src/vault/records.ts';
import { newRecoveryKey } from '../src/vault/recovery-key.ts';
import { sampleEntry } from '../src/core/testing/entries.ts';
import { startServer } from '../e2e/fixtures.ts';
import { chromiumPath } from '../e2e/chromium.ts';

const N = 10_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function kdf(): Promise<void> {
  console.log('\n## Passphrase KDF (one unlock)\n');
  const { params } = await calibrate(randomBytes(16));
  const ours = [];
  for (let i = 0; i < 3; i++) ours.push(await time(() => deriveKey('correct horse battery staple', params)));
  const ref = [];
  for (let i = 0; i < 3; i++)
    ref.push(await time(() => scryptAsync('correct horse battery staple', randomBytes(16), { N: 2 ** 17, r: 8, p: 1, dkLen: 32 })));
  console.log(`argon2id m=${params.m} KiB t=${params.t} p=${params.p} (calibrated here): ${median(ours).toFixed(0)} ms median of 3`);
  console.log(`reference, scrypt N=2^17 r=8 p=1 (OWASP):            ${median(ref).toFixed(0)} ms median of 3`);
}

async function throughput(): Promise<void> {
  console.log(`\n## Sealing and opening ${N.toLocaleString('en')} records (Node ${process.version}, WebCrypto)\n`);
  const raw = newDataKey();
  const key = await importAesKey(raw);
  const entries = Array.from({ length: N }, (_, i) => sampleEntry(i, { note: i % 3 ? `note ${i}` : undefined }));
  const ids = entries.map(() => newRecordId());
  let sealed: Awaited<ReturnType<typeof sealEntry>>[] = [];
  const sealMs = await time(async () => (sealed = await Promise.all(entries.map((e, i) => sealEntry(key, ids[i]!, e)))));
  const openMs = await time(() => Promise.all(sealed.map((r) => openEntry(key, r))));
  const bare = entries.map((e) => utf8(JSON.stringify(e)));
  const bareMs = await time(() => Promise.all(bare.map((b) => seal(key, b, utf8('x')))));
  const bytes = sealed.reduce((s, r) => s + r.ct.length, 0);
  console.log(`seal (JSON + pad + AES-256-GCM): ${sealMs.toFixed(0)} ms, ${((N / sealMs) * 1000).toFixed(0)} records/s`);
  console.log(`open (AES-256-GCM + unpad + parse + validate): ${openMs.toFixed(0)} ms, ${((N / openMs) * 1000).toFixed(0)} records/s`);
  console.log(`reference, bare AES-GCM of the same JSON: ${bareMs.toFixed(0)} ms`);
  console.log(`stored ciphertext: ${(bytes / 1024 / 1024).toFixed(1)} MiB (${(bytes / N).toFixed(0)} bytes a record after padding)`);
}

/** A backup file of N sessions, made the way the app makes one. */
export async function makeBackup(passphrase: string): Promise<string> {
  const raw = newDataKey();
  const key = await importAesKey(raw);
  const { params } = await calibrate(randomBytes(16));
  const pw = await wrapWithPassphrase(passphrase, raw, params);
  const rec = await wrapWithRecoveryKey(newRecoveryKey(), raw);
  const records = await Promise.all(
    Array.from({ length: N }, (_, i) => sealEntry(key, newRecordId(), sampleEntry(i % 3000, { note: `note ${i}` }))),
  );
  const b = toBase64Url;
  return JSON.stringify({
    format: 'sacred-breathing-backup',
    version: 1,
    keyring: {
      passphrase: {
        kdf: { alg: 'argon2id', m: params.m, t: params.t, p: params.p, salt: b(params.salt) },
        iv: b(pw.sealed.iv),
        ct: b(pw.sealed.ct),
      },
      recovery: { salt: b(rec.salt), iv: b(rec.sealed.iv), ct: b(rec.sealed.ct) },
    },
    records: records.map((r) => ({ id: r.id, iv: b(r.iv), ct: b(r.ct) })),
  });
}

async function historyRender(): Promise<void> {
  console.log(`\n## History of ${N.toLocaleString('en')} sessions in Chromium (built app, real server)\n`);
  const file = join(mkdtempSync(join(tmpdir(), 'sb-bench-')), 'backup.json');
  writeFileSync(file, await makeBackup('bench passphrase'));
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/journal/security`);
    await page.getByLabel('Backup file').setInputFiles(file);
    await page.getByLabel('Its passphrase or recovery key').fill('bench passphrase');
    const importMs = await time(async () => {
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByText(`Imported ${N} sessions.`).waitFor({ timeout: 120_000 });
    });
    console.log(`import of the backup (check, re-seal, write): ${importMs.toFixed(0)} ms`);
    const inApp: number[] = [];
    const reload: number[] = [];
    // Visit 0 finds no snapshot (the import wrote records only): it opens all 10,000 and seals one.
    for (let i = 0; i < 4; i++) {
      // A fresh page each time: the history is decrypted on the first visit to the journal.
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Breathe' }).waitFor();
      inApp.push(
        await time(async () => {
          await page.getByRole('link', { name: 'Journal' }).click();
          await page.getByTestId('history-row').first().waitFor();
        }),
      );
      reload.push(
        await time(async () => {
          await page.goto(`${server.url}/journal`);
          await page.getByTestId('history-row').first().waitFor();
        }),
      );
    }
    const rows = await page.getByTestId('history-row').count();
    console.log(`click "Journal" to first row, no snapshot yet (open all ${N} records): ${inApp[0]!.toFixed(0)} ms`);
    console.log(
      `click "Journal" to first row, from the sealed snapshot: ${median(inApp.slice(1)).toFixed(0)} ms median of 3 (target 500 ms)`,
    );
    console.log(`cold page load of /journal to first row: ${median(reload.slice(1)).toFixed(0)} ms median of 3`);
    console.log(`rows in the DOM for ${N} sessions: ${rows}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function printJournal(): Promise<void> {
  await kdf();
  await throughput();
  await historyRender();
}
