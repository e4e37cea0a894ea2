import type { Dict } from '../en/index.ts';

export const common: Dict['common'] = {
  appName: 'Sacred Breathing',
  skipToContent: 'Saltar al contenido',
  nav: { label: 'Principal', practice: 'Práctica', patterns: 'Patrones', journal: 'Diario' },
  offline: 'Sin conexión',
  offlineHint: 'Sin red: la práctica funciona como siempre',
  updateReady: 'Hay una versión nueva.',
  reload: 'Recargar',
  details: 'Detalles',
  screenFailed: 'No se pudo mostrar esta pantalla.',
  install: 'Instalar Sacred Breathing',
  installHint: 'Se abre desde la pantalla de inicio y funciona sin conexión.',
  language: 'Idioma',
  languageAuto: (name: string) => `Como el navegador (${name})`,
  languageNotLoaded: 'No se pudo cargar ese idioma. Comprueba la conexión y vuelve a intentarlo.',
  manifest: {
    shortName: 'Respira',
    description: 'Respiración guiada que funciona sin conexión, a solas o en grupo.',
    screenshotWide: 'Elige un patrón y respira con la guía',
    screenshotNarrow: 'La guía y Empezar en un teléfono',
    breatheNow: 'Respirar ahora',
    breatheNowShort: 'Respirar',
    breatheNowDescription: 'Empieza el último patrón que elegiste',
    journal: 'Diario',
    journalDescription: 'Abre tu diario',
  },
  errors: {
    unexpected: 'Algo salió mal de forma inesperada. Inténtalo de nuevo.',
    partNotLoaded: 'No se pudo cargar una parte de la aplicación. Comprueba la conexión y recarga.',
    storageUnavailable:
      'Sacred Breathing no pudo abrir su almacenamiento en este dispositivo. La navegación privada puede impedirlo; prueba en una ventana normal.',
  },
};
