/** English words for practice. */
export const practice = {};
