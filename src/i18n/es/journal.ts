import type { Dict } from '../en/index.ts';
import { plurals } from '../plural.ts';

const plural = plurals('es-ES');

export const journal: Dict['journal'] = {
  title: 'Diario',
  privacyLink: 'Privacidad y copia de seguridad',
  couldNotOpen: (why: string) => `No se pudo abrir el diario: ${why}`,
  locked: 'Tu diario está bloqueado',
  setPassphrase: 'Elige una frase de contraseña',
  skipped: (n: number) =>
    plural(n, {
      one: 'No se pudo leer # sesión guardada (dañada o modificada) y queda fuera. Las demás están intactas.',
      other: 'No se pudieron leer # sesiones guardadas (dañadas o modificadas) y quedan fuera. Las demás están intactas.',
    }),
  range: { label: 'Mostrar', week: 'Semana', month: 'Mes', year: 'Año' },
  totals: { sessions: 'Sesiones', minutes: 'Minutos', currentStreak: 'Racha actual', bestStreak: 'Mejor racha' },
  days: (n: number) => plural(n, { one: '# día', other: '# días' }),
  filter: { label: 'Patrón', all: 'Todos los patrones' },
  sessions: 'Sesiones',
  empty: 'Aún no hay sesiones. Aparecen aquí cuando termina una sesión.',
  undo: {
    deleted: (pattern: string, when: string) => `Borrada: ${pattern}, ${when}.`,
    button: 'Deshacer',
  },
  list: {
    label: 'Sesiones, de la más reciente a la más antigua',
    delete: (when: string) => `Borrar la sesión del ${when}`,
    notInStreaks: 'demasiado corta para las rachas',
    /** The presses' rhythm coherence (the heart's has its own words below). */
    rhythm: (score: number) => `ritmo ${score}`,
    mood: (before: string, after: string) => `ánimo ${before} → ${after}`,
    noMood: '–',
    heart: {
      /** Read before the heart's figures in a row (its icon, which sighted people see instead, is hidden from screen readers). */
      label: 'Corazón:',
      bpm: (bpm: number) => `${bpm} lpm`,
      coherence: (score: number) => `coherencia ${score}`,
      resonance: (rate: string) => `resonancia ${rate} resp./min`,
    },
  },
  room: {
    session: 'Sesión en sala',
    pattern: 'Patrón de sala',
    people: (n: number) => plural(n, { one: '# persona', other: '# personas' }),
    alone: 'a solas',
    groupSync: (figure: string) => `sintonía del grupo ${figure}`,
    pairSync: (figure: string) => `sintonía en pareja ${figure}`,
  },
  mood: {
    clear: 'Quitar',
    veryLow: 'muy mal',
    low: 'mal',
    okay: 'normal',
    good: 'bien',
    veryGood: 'muy bien',
  },
  save: {
    label: 'Diario',
    notSaved: (why: string) => `Esta sesión no se guardó: no se pudo abrir el diario. ${why}`,
    keptWhileOpen:
      'Hasta entonces, esta sesión solo se conserva mientras la aplicación esté abierta: si la cierras o la recargas, la sesión se pierde.',
    unlockToSave: 'Desbloquea tu diario para guardar esta sesión',
    sealedTitle: 'Guardada',
    sealedText:
      'Tu diario está bloqueado, así que esta sesión se guarda cifrada y aparecerá en tu historial la próxima vez que lo desbloquees.',
    unlockOptional: 'Desbloquea para añadir tu ánimo o una nota (opcional)',
    savedTitle: 'Guardada en tu diario',
    savedText: 'Cifrada en este dispositivo. Puedes añadir tu ánimo o una nota.',
    moodLegend: '¿Cómo te sientes ahora? (opcional)',
    note: 'Nota (opcional)',
    submit: 'Guardar ánimo y nota',
    done: 'Guardado.',
    failed: (why: string) => `No se guardó: ${why}`,
  },
  charts: {
    asTable: 'Como tabla',
    span: { week: 'últimos 7 días', month: 'últimos 30 días', year: 'últimos 12 meses' },
    under: (figure: string) => `menos de ${figure}`,
    minutes: {
      title: 'Minutos de práctica',
      unit: 'min',
      days: (active: number, total: number) => `${active} de ${plural(total, { one: '# día', other: '# días' })}`,
      months: (active: number, total: number) => `${active} de ${plural(total, { one: '# mes', other: '# meses' })}`,
      caption: (span: string, minutes: string, on: string) => `Minutos de práctica, ${span}: ${minutes} min en ${on}`,
      most: (minutes: string, when: string) => `; el máximo fue ${minutes} min (${when})`,
      day: 'Día',
      month: 'Mes',
      minutesColumn: 'Minutos',
      sessionsColumn: 'Sesiones',
      empty: 'No hay sesiones en este periodo.',
    },
    coherence: {
      title: 'Coherencia del ritmo',
      unit: 'valor',
      hint: 'La coherencia del ritmo aparece aquí cuando usas «mantener pulsado» en una sesión de este periodo.',
      caption: (span: string, measured: number, average: number, latest: number) =>
        `Coherencia del ritmo (de 0 a 100), ${span}: ${plural(measured, { one: '# sesión medida', other: '# sesiones medidas' })}, media ${average}, última ${latest}.`,
      sessionColumn: 'Sesión',
      coherenceColumn: 'Coherencia',
      empty: 'No hay sesiones medidas en este periodo.',
    },
    heart: {
      coherenceTitle: 'Coherencia cardiaca',
      coherenceUnit: 'valor',
      coherenceCaption: (span: string, days: number, average: number, latest: number) =>
        `Coherencia cardiaca (de 0 a 100), ${span}: ${plural(days, { one: '# día', other: '# días' })} con sensor cardiaco, media ${average}, último ${latest}.`,
      coherenceHint: 'La coherencia cardiaca aparece aquí cuando una sesión con sensor cardiaco dura lo bastante para medirla.',
      rateTitle: 'Frecuencia cardiaca media',
      rateUnit: 'lpm',
      rateCaption: (span: string, days: number, average: number, latest: number) =>
        `Frecuencia cardiaca media, ${span}: ${plural(days, { one: '# día', other: '# días' })} con sensor cardiaco, media ${average} lpm, último ${latest} lpm.`,
      dayColumn: 'Día',
      coherenceColumn: 'Coherencia cardiaca',
      rateColumn: 'Frecuencia cardiaca media (lpm)',
      empty: 'No hay sesiones con sensor cardiaco en este periodo.',
    },
  },
};
