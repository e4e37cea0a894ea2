/** Words for people about a refused backup, chosen here at the UI boundary from the error's data. */
import type { ManifestMismatch } from '../vault/backup-manifest.ts';

const sessions = (n: number, was: string) => (n === 1 ? `1 session was ${was}` : `${n} sessions were ${was}`);

/** Joins "a", "a and b", "a, b and c". */
const list = (parts: readonly string[]) => (parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`);

const NOTHING = 'Nothing was imported. If you have another copy, try that one.';

/** Why a backup whose records do not match its manifest was refused, and what to do. */
export function manifestMismatchMessage(m: ManifestMismatch): string {
  if (m.forged) return `This backup was changed after it was saved, or is damaged: its list of sessions does not match its seal. ${NOTHING}`;
  const changes = [
    m.missing > 0 && sessions(m.missing, 'removed from the file'),
    m.added > 0 && sessions(m.added, 'added to the file'),
    m.replaced > 0 && sessions(m.replaced, 'replaced by a different copy'),
    m.reordered && 'the sessions were put in a different order',
  ].filter((part): part is string => typeof part === 'string');
  if (changes.length === 1 && m.missing > 0) return `This backup is incomplete: ${changes[0]} after it was saved. ${NOTHING}`;
  return `This backup was changed after it was saved: ${list(changes)}. ${NOTHING}`;
}
