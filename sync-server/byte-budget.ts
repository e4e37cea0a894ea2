/** Budgets of bytes of work, for a connection or for all of one client's connections together. */

/** Bytes of work a connection (or a client with several) may cause: it may overdraw once, then is refused until it is back in credit. */
export interface ByteBudget {
  inCredit(nowMs: number): boolean;
  spend(bytes: number): void;
}

/** A byte budget of `rate` bytes a second, holding at most `burst`. */
export function createByteBudget(rate: number, burst: number, nowMs: number): ByteBudget {
  let balance = burst;
  let last = nowMs;
  return {
    inCredit(now) {
      balance = Math.min(burst, balance + ((now - last) / 1000) * rate);
      last = now;
      return balance > 0;
    },
    spend(bytes) {
      balance -= bytes;
    },
  };
}
