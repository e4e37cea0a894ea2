import type { Dict } from '../en/index.ts';
import { plurals } from '../plural.ts';

const plural = plurals('es-ES');

export const glyphs: Dict['glyphs'] = {
  picker: {
    legend: 'Guía',
    notAvailable: 'no disponible',
    suggested: 'Sugerido',
    suggestedNamed: (name) => `${name} (sugerido)`,
    suggestedNote: 'cambia según el patrón y la hora',
    circle: 'Círculo',
    yourGlyph: 'Tu glifo',
    change: 'cambiar',
    tryAgain: 'Reintentar',
    remove: 'Quitar',
    removeNamed: (name) => `Quitar ${name}`,
    removed: (name) => `Se ha quitado ${name}.`,
    add: 'Añadir un glifo por CID',
    cid: 'CID',
    name: 'Nombre (opcional)',
    checking: 'Comprobando…',
    addButton: 'Añadir',
    added: (name) => `${name} se ha comprobado con su CID, se ha guardado en este dispositivo y se ha elegido.`,
  },
  cid: {
    notACid: 'Eso no es un CID. Un CID de glifo se parece a bafkrei… o bafybei….',
    hashNotSha256: 'Aquí solo se pueden comprobar CID con hash sha2-256.',
    notAFile: 'Este CID no es un archivo (raw o UnixFS), así que no puede ser un glifo.',
  },
  svg: {
    script: 'en un glifo no se permiten scripts ni contenido externo',
    eventHandler: 'en un glifo no se permiten controladores de eventos',
    animatedLink: 'en un glifo no se permiten enlaces animados',
    outsideLink: 'en un glifo no se permiten enlaces fuera del archivo',
  },
  tooBig: (kib) => `Este archivo supera los ${kib} KiB: es demasiado grande para un glifo.`,
  notAnImage: 'Este archivo no es una imagen (SVG, PNG, WebP, GIF o JPEG).',
  svgNotInert: (why) => `Este SVG no puede ser un glifo: ${why}.`,
  gateways: {
    timedOut: (n) => plural(n, { one: 'una pasarela no respondió a tiempo', other: '# pasarelas no respondieron a tiempo' }),
    noValidCopy: (n) =>
      plural(n, {
        one: 'una pasarela no tenía ninguna copia que coincidiera con su CID',
        other: '# pasarelas no tenían ninguna copia que coincidiera con su CID',
      }),
    httpStatus: (n) => plural(n, { one: 'una pasarela respondió con un error', other: '# pasarelas respondieron con un error' }),
    unreachable: (n) => plural(n, { one: 'no se pudo contactar con una pasarela', other: 'no se pudo contactar con # pasarelas' }),
  },
  cacheAltered: 'la copia guardada en este dispositivo había sido alterada',
  unavailable: (why) => `No se pudo cargar el glifo: ${why}. Revisa el CID o vuelve a intentarlo más tarde.`,
  unavailableUnasked: 'No se pudo cargar el glifo y no se pudo consultar ninguna pasarela. Revisa el CID o vuelve a intentarlo más tarde.',
  storeUnavailable: 'No se pudieron cargar los glifos. Revisa tu conexión y vuelve a intentarlo.',
  duplicate: 'Este glifo ya está en tu lista.',
  detail: {
    cache: 'La caché de este dispositivo',
    line: (source, what) => `${source}: ${what}`,
    timedOut: 'no respondió a tiempo',
    noValidCopy: 'no tenía ninguna copia que coincidiera con el CID',
    httpStatus: (status) => `respondió HTTP ${status}`,
    httpError: 'respondió con un error HTTP',
    unreachable: 'no se pudo contactar',
    cacheMismatch: 'tenía una copia alterada (eliminada)',
    notCached: 'aún no tenía ninguna copia',
  },
};
