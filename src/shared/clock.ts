/** A clock in epoch milliseconds. The page's (practice/clock.ts) re-anchors when the page wakes; tests pass their own. */
export interface Clock {
  now(): number;
  dispose(): void;
}
