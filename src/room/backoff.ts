/** Reconnect delays: full jitter, so a relay that restarts is not stampeded by every member at once. */

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/** A random wait up to a cap that doubles with each failed attempt, from 0.5 s to 30 s. */
export const backoffMs = (attempt: number, random: () => number = Math.random): number =>
  Math.round(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
