import type { Dict } from '../en/index.ts';

export const sound: Dict['sound'] = {
  master: 'Ton',
  chimes: {
    label: 'Klänge',
    tones: 'Töne',
    bowl: 'Klangschale',
    bell: 'Glocke',
  },
  soundscape: {
    label: 'Klangkulisse',
    none: 'Keine',
    ocean: 'Meer',
    wind: 'Wind',
    drone: 'Klangteppich',
  },
  glyphHint: 'Hat eine Glyphe eine eigene Klangkulisse, erklingt sie anstelle dieser; „Keine“ heißt immer: keine Klangkulisse.',
  voice: {
    label: 'Gesprochene Hinweise',
    choose: 'Stimme',
    best: 'Die beste auf diesem Gerät',
    option: (name: string, local: boolean) => `${name} (${local ? 'auf diesem Gerät' : 'online'})`,
    rate: 'Sprechtempo',
    rateValue: (rate: string) => `${rate} × normales Tempo`,
    count: 'Sekunden mitzählen',
    try: 'Anhören',
    loading: 'Stimmen werden gesucht …',
    none: 'Auf diesem Gerät gibt es keine deutsche Stimme; Töne markieren die Phasen.',
  },
  volume: {
    voice: 'Lautstärke der Stimme',
    chimes: 'Lautstärke der Klänge',
    ambience: 'Lautstärke der Klangkulisse',
  },
  cues: {
    inhale: 'Einatmen',
    hold: 'Halten',
    exhale: 'Ausatmen',
    rest: 'Pause',
    count: (n: number) => `${n}`,
  },
};
