/** English words for patterns. */
export const patterns = {};
