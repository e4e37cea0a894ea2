/** English words for journal. */
export const journal = {};
