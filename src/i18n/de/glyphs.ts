import type { Dict } from '../en/index.ts';
import { plurals } from '../plural.ts';

const plural = plurals('de-DE');

export const glyphs: Dict['glyphs'] = {
  picker: {
    legend: 'Anzeige',
    notAvailable: 'nicht verfügbar',
    suggested: 'Vorgeschlagen',
    suggestedNamed: (name) => `${name} (vorgeschlagen)`,
    yours: (name) => `${name} (deine)`,
    suggestedNote: 'wechselt mit Muster und Uhrzeit',
    circle: 'Kreis',
    yourGlyph: 'Deine Glyphe',
    change: 'ändern',
    tryAgain: 'Erneut versuchen',
    remove: 'Entfernen',
    removeNamed: (name) => `${name} entfernen`,
    removed: (name) => `${name} wurde entfernt.`,
    add: 'Glyphe per CID hinzufügen',
    cid: 'CID',
    name: 'Name (optional)',
    checking: 'Wird geprüft …',
    addButton: 'Hinzufügen',
    added: (name) => `„${name}“ wurde anhand der CID geprüft, auf diesem Gerät gespeichert und ausgewählt.`,
  },
  builtIn: {
    drop: 'Tropfen',
    heart: 'Herz',
    hexagon: 'Sechseck',
    leaf: 'Blatt',
    lotus: 'Lotus',
    mandala: 'Mandala',
    moon: 'Mond',
    orb: 'Kugel',
    ripple: 'Wellenring',
    seed: 'Saat des Lebens',
    spiral: 'Spirale',
    star: 'Stern',
    sun: 'Sonne',
    wave: 'Welle',
  },
  unnamed: (shortId) => `Glyphe ${shortId}`,
  cid: {
    notACid: 'Das ist keine CID. Eine Glyphen-CID sieht so aus: bafkrei… oder bafybei….',
    hashNotSha256: 'Hier lassen sich nur CIDs mit sha2-256-Hash prüfen.',
    notAFile: 'Diese CID ist keine Datei (raw oder UnixFS) und kann daher keine Glyphe sein.',
  },
  svg: {
    script: 'Skripte und fremde Inhalte sind in einer Glyphe nicht erlaubt',
    eventHandler: 'Event-Handler sind in einer Glyphe nicht erlaubt',
    animatedLink: 'animierte Links sind in einer Glyphe nicht erlaubt',
    outsideLink: 'Links außerhalb der Datei sind in einer Glyphe nicht erlaubt',
  },
  tooBig: (kib) => `Diese Datei ist größer als ${kib} KiB und damit zu groß für eine Glyphe.`,
  notAnImage: 'Diese Datei ist kein Bild (SVG, PNG, WebP, GIF oder JPEG).',
  svgNotInert: (why) => `Dieses SVG kann keine Glyphe sein: ${why}.`,
  gateways: {
    timedOut: (n) =>
      plural(n, { one: 'ein Gateway hat nicht rechtzeitig geantwortet', other: '# Gateways haben nicht rechtzeitig geantwortet' }),
    noValidCopy: (n) =>
      plural(n, { one: 'ein Gateway hatte keine Kopie, die zur CID passt', other: '# Gateways hatten keine Kopie, die zur CID passt' }),
    httpStatus: (n) =>
      plural(n, { one: 'ein Gateway hat mit einem Fehler geantwortet', other: '# Gateways haben mit einem Fehler geantwortet' }),
    unreachable: (n) => plural(n, { one: 'ein Gateway war nicht erreichbar', other: '# Gateways waren nicht erreichbar' }),
  },
  cacheAltered: 'die auf diesem Gerät gespeicherte Kopie war verändert worden',
  unavailable: (why) => `Die Glyphe konnte nicht geladen werden: ${why}. Prüfe die CID oder versuche es später noch einmal.`,
  unavailableUnasked:
    'Die Glyphe konnte nicht geladen werden, und es ließ sich kein Gateway anfragen. Prüfe die CID oder versuche es später noch einmal.',
  storeUnavailable: 'Die Glyphen konnten nicht geladen werden. Prüfe deine Verbindung und versuche es dann noch einmal.',
  duplicate: 'Diese Glyphe ist schon in deiner Liste.',
  detail: {
    cache: 'Der Cache dieses Geräts',
    line: (source, what) => `${source}: ${what}`,
    timedOut: 'hat nicht rechtzeitig geantwortet',
    noValidCopy: 'hatte keine Kopie, die zur CID passt',
    httpStatus: (status) => `hat mit HTTP ${status} geantwortet`,
    httpError: 'hat mit einem HTTP-Fehler geantwortet',
    unreachable: 'war nicht erreichbar',
    cacheMismatch: 'hatte eine veränderte Kopie (entfernt)',
    notCached: 'hatte noch keine Kopie',
  },
};
