/** English words for sound. */
export const sound = {
  /** The master switch for every sound of a session. */
  master: 'Sound',
  chimes: {
    label: 'Chimes',
    tones: 'Tones',
    bowl: 'Singing bowl',
    bell: 'Bell',
  },
  soundscape: {
    label: 'Soundscape',
    none: 'None',
    ocean: 'Ocean',
    wind: 'Wind',
    drone: 'Drone',
  },
  /** Beside the soundscape choice: a glyph may bring its own in place of it, never in place of None. */
  glyphHint: 'A glyph with a soundscape of its own plays it in place of this one; None always means no soundscape.',
  voice: {
    label: 'Spoken cues',
    choose: 'Voice',
    best: 'Best on this device',
    /** A voice in the list: its name and whether it speaks on the device or needs the network. */
    option: (name: string, local: boolean) => `${name} (${local ? 'on this device' : 'online'})`,
    rate: 'Speaking rate',
    rateValue: (rate: string) => `${rate} times the usual rate`,
    /** Whether the voice counts the seconds within each phase after its word. */
    count: 'Count the seconds',
    try: 'Try',
    loading: 'Looking for voices…',
    none: 'No voice on this device for English; tones will mark the phases.',
  },
  volume: {
    voice: 'Voice volume',
    chimes: 'Chime volume',
    ambience: 'Soundscape volume',
  },
  /** The words a voice speaks at each phase change. */
  cues: {
    inhale: 'Breathe in',
    hold: 'Hold',
    exhale: 'Breathe out',
    rest: 'Rest',
    /** A second within a phase as the voice says it (2, 3, 4 …; the phase's word stands for 1): digits read well. */
    count: (n: number) => `${n}`,
  },
};
