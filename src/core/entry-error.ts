/** The error for data that is not a journal entry, apart from the parser (journal.ts) so words for it load without it. */

/** Which part of a would-be journal entry is wrong. */
export type EntryProblem =
  | 'not-object'
  | 'start-time'
  | 'duration'
  | 'cycles'
  | 'completed'
  | 'pattern'
  | 'coherence'
  | 'mood'
  | 'note'
  | 'room'
  | 'heart';

/** Thrown for data that is not a journal entry (a damaged or foreign record); `problem` names the part. */
export class InvalidEntryError extends Error {
  override readonly name = 'InvalidEntryError';
  readonly code = 'invalid-entry';
  readonly problem: EntryProblem;
  constructor(problem: EntryProblem) {
    super(`not a journal entry: ${problem}`);
    this.problem = problem;
  }
}
