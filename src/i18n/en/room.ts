/** English words for room. */
export const room = {};
