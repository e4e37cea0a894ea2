/** English words for sound. */
export const sound = {
  tones: 'Tones',
};
