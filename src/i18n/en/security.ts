/** English words for security. */
export const security = {};
