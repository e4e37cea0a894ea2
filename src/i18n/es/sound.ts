import type { Dict } from '../en/index.ts';

export const sound: Dict['sound'] = {
  master: 'Sonido',
  chimes: {
    label: 'Campanas',
    tones: 'Tonos',
    bowl: 'Cuenco tibetano',
    bell: 'Campanilla',
  },
  soundscape: {
    label: 'Ambiente',
    none: 'Ninguno',
    ocean: 'Mar',
    wind: 'Viento',
    drone: 'Bordón',
  },
  glyphHint: 'Si un glifo tiene su propio ambiente, suena en lugar de este; «Ninguno» significa siempre sin ambiente.',
  voice: {
    label: 'Indicaciones habladas',
    choose: 'Voz',
    best: 'La mejor de este dispositivo',
    option: (name: string, local: boolean) => `${name} (${local ? 'en este dispositivo' : 'en línea'})`,
    rate: 'Velocidad de la voz',
    rateValue: (rate: string) => `${rate} veces la velocidad habitual`,
    count: 'Contar los segundos',
    try: 'Probar',
    loading: 'Buscando voces…',
    none: 'No hay ninguna voz en español en este dispositivo; los tonos marcarán las fases.',
  },
  volume: {
    voice: 'Volumen de la voz',
    chimes: 'Volumen de las campanas',
    ambience: 'Volumen del ambiente',
  },
  cues: {
    inhale: 'Inhala',
    hold: 'Retén',
    exhale: 'Exhala',
    rest: 'Descansa',
    count: (n: number) => `${n}`,
  },
};
