/** English words for patterns: the presets, the phase kinds, the patterns list and the editor. */
export const patterns = {
  preset: {
    coherent: { name: 'Coherent 5.5', purpose: 'calm and balance' },
    six: { name: 'Six a minute 4:6', purpose: 'steady focus' },
    box: { name: 'Box 4-4-4-4', purpose: 'focus under stress' },
    relaxing: { name: 'Relaxing 4-7-8', purpose: 'sleep' },
    sigh: { name: 'Physiological sigh', purpose: 'quick relief', topUp: 'Top-up inhale' },
    longExhale: { name: 'Long exhale 4:8', purpose: 'wind down' },
    triangle: { name: 'Triangle 4-4-4', purpose: 'gentle energy' },
  },
  phase: { inhale: 'Inhale', hold: 'Hold', exhale: 'Exhale', rest: 'Rest' },
};
