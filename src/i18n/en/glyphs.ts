/** English words for glyphs: the guide picker and what can go wrong with a glyph. */
import { plurals } from '../plural.ts';

const plural = plurals('en-GB');

export const glyphs = {
  picker: {
    legend: 'Guide',
    notAvailable: 'not available',
    suggested: 'Suggested',
    suggestedNamed: (name: string) => `${name} (suggested)`,
    yours: (name: string) => `${name} (yours)`,
    suggestedNote: 'changes with pattern and hour',
    circle: 'Circle',
    yourGlyph: 'Your glyph',
    change: 'change',
    tryAgain: 'Try again',
    remove: 'Remove',
    removeNamed: (name: string) => `Remove ${name}`,
    removed: (name: string) => `${name} was removed.`,
    add: 'Add a glyph by CID',
    cid: 'CID',
    name: 'Name (optional)',
    checking: 'Checking…',
    addButton: 'Add',
    added: (name: string) => `${name} was checked against its CID, saved on this device and chosen.`,
  },
  /** The built-in glyphs' names, by their catalog id (public/glyphs/catalog.json). */
  builtIn: {
    drop: 'Drop',
    heart: 'Heart',
    hexagon: 'Hexagon',
    leaf: 'Leaf',
    lotus: 'Lotus',
    mandala: 'Mandala',
    moon: 'Moon',
    orb: 'Orb',
    ripple: 'Ripple',
    seed: 'Seed of life',
    spiral: 'Spiral',
    star: 'Star',
    sun: 'Sun',
    wave: 'Wave',
  },
  /** A glyph added without a name, told apart by the end of its CID. */
  unnamed: (shortId: string) => `Glyph ${shortId}`,
  cid: {
    notACid: 'That is not a CID. A glyph CID looks like bafkrei… or bafybei….',
    hashNotSha256: 'Only CIDs hashed with sha2-256 can be checked here.',
    notAFile: 'This CID is not a file (raw or UnixFS), so it cannot be a glyph.',
  },
  svg: {
    script: 'scripts and foreign content are not allowed in a glyph',
    eventHandler: 'event handlers are not allowed in a glyph',
    animatedLink: 'animated links are not allowed in a glyph',
    outsideLink: 'links outside the file are not allowed in a glyph',
  },
  tooBig: (kib: string) => `This file is over ${kib} KiB, too big for a glyph.`,
  notAnImage: 'This file is not an image (SVG, PNG, WebP, GIF or JPEG).',
  svgNotInert: (why: string) => `This SVG cannot be a glyph: ${why}.`,
  gateways: {
    timedOut: (n: number) => plural(n, { one: 'one gateway timed out', other: '# gateways timed out' }),
    noValidCopy: (n: number) =>
      plural(n, { one: 'one gateway had no copy that matches its CID', other: '# gateways had no copy that matches its CID' }),
    httpStatus: (n: number) => plural(n, { one: 'one gateway answered with an error', other: '# gateways answered with an error' }),
    unreachable: (n: number) => plural(n, { one: 'one gateway could not be reached', other: '# gateways could not be reached' }),
  },
  cacheAltered: 'the copy kept on this device had been altered',
  unavailable: (why: string) => `The glyph could not be loaded: ${why}. Check the CID, or try again later.`,
  unavailableUnasked: 'The glyph could not be loaded, and no gateway could be asked. Check the CID, or try again later.',
  storeUnavailable: 'The glyphs could not be loaded. Check your connection, then try again.',
  duplicate: 'This glyph is already in your list.',
  detail: {
    cache: 'This device’s cache',
    line: (source: string, what: string) => `${source}: ${what}`,
    timedOut: 'did not answer in time',
    noValidCopy: 'had no copy that matches the CID',
    httpStatus: (status: string) => `answered HTTP ${status}`,
    httpError: 'answered HTTP error',
    unreachable: 'could not be reached',
    cacheMismatch: 'held an altered copy (removed)',
    notCached: 'had no copy yet',
  },
};
