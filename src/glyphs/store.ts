/**
 * The page's glyph store: the built-in pack, the newer pack resolved through the pack's signed
 * name (pack-update.ts), and the person's own glyphs (added by CID), loaded through the verified
 * loader and shown from blob URLs. Loaded lazily with Helia (see lazy.ts); the UI reaches it
 * through the app state only. Own glyphs and the resolved pack are kept by what it is handed (the
 * device's, src/local/own-glyphs.ts and glyph-pack.ts), so this domain never opens a database.
 */
import catalogJson from '../../public/glyphs/catalog.json' with { type: 'json' };
import { createSignal, type Accessor } from 'solid-js';
import type { Pattern } from '../core/pattern.ts';
import { cidKey, parseCid, type Cid } from '../shared/glyphs/cid.ts';
import { svgRootTags } from '../shared/glyphs/image.ts';
import type { Catalog } from '../shared/glyphs/pack.ts';
import { DuplicateGlyphError } from './errors.ts';
import { createGlyphFetcher, type GlyphFetcherDeps } from './fetcher.ts';
import type { GlyphBytes } from './loader.ts';
import { BUILT_PACK_SEQ, PACK_NAME } from './pack-name.ts';
import type { GlyphPackKeeper, PackUpdate, ResolvedPack } from './pack-update.ts';
import { recommendGlyph } from './recommend.ts';

export { DuplicateGlyphError } from './errors.ts';

/** A glyph the person can choose. */
export interface GlyphInfo {
  readonly cid: Cid;
  /** A built-in glyph's catalog id (`seed`), by which the UI finds its name in the person's language. */
  readonly id?: string;
  /** The catalog's (English) name of a built-in glyph; the name an own glyph was given, '' for none. */
  readonly name: string;
  readonly tags: readonly string[];
  /** Part of the pack: built into the app, or from the newer pack resolved by its name (not the person's to remove). */
  readonly builtIn: boolean;
  /** The soundscape a built-in glyph names (the catalog's); an own glyph's is read from its bytes (see guideSound). */
  readonly soundscape?: string;
}

/**
 * The soundscape glyph tags name (`sound-ocean`), or undefined. Any name: which ones play is the
 * sound engine's business (src/audio/soundscape.ts), checked where a session asks for one.
 */
const soundNamed = (tags: readonly string[]) => tags.find((t) => t.startsWith('sound-') && t.length > 6)?.slice(6);

// The catalog is generated and checked against the files by a test: its strings are CIDs.
export const BUILT_IN: readonly GlyphInfo[] = (catalogJson as unknown as Catalog).glyphs.map((g) => {
  const soundscape = g.soundscape ?? soundNamed(g.tags);
  return { cid: g.cid, id: g.id, name: g.name, tags: g.tags, builtIn: true, ...(soundscape ? { soundscape } : {}) };
});

/** An own glyph as it is kept: CID text and a name. */
export interface OwnGlyphEntry {
  readonly cid: string;
  readonly name: string;
}

/**
 * Where the person's own glyphs are kept. The one shape of that list: the device's (src/local/own-glyphs.ts)
 * matches it structurally, without importing this domain, and main.tsx hands it over.
 */
export interface OwnGlyphs {
  /** Every kept entry, oldest first (unchecked: the store keeps only valid CIDs). */
  list(): Promise<readonly OwnGlyphEntry[]>;
  /** Keeps a glyph at the end of the list; false when its CID is already kept. */
  add(glyph: OwnGlyphEntry): Promise<boolean>;
  remove(cid: string): Promise<void>;
}

/**
 * The list of the pack: the built-in glyphs, then a resolved pack's new ones. A pack glyph with a
 * built-in glyph's id (a redrawn `moon.svg`) takes that glyph's place in the list; the built-in one
 * still loads by its CID (settings, rooms and suggestions name it: the baked catalog stays valid).
 * Glyphs the newer pack no longer has stay listed: they are built in.
 */
export function packList(builtIn: readonly GlyphInfo[], pack: Pick<ResolvedPack, 'glyphs'> | null): readonly GlyphInfo[] {
  if (!pack || pack.glyphs.length === 0) return builtIn;
  const known = new Set<string>(builtIn.map((g) => g.cid));
  const fresh = pack.glyphs
    .filter((g) => !known.has(g.cid))
    .map((g): GlyphInfo => {
      const soundscape = soundNamed(g.tags) ?? builtIn.find((b) => b.id === g.id)?.soundscape;
      return { cid: g.cid as Cid, id: g.id, name: g.name, tags: g.tags, builtIn: true, ...(soundscape ? { soundscape } : {}) };
    });
  const byId = new Map(fresh.map((g) => [g.id, g]));
  const ids = new Set(builtIn.map((g) => g.id));
  return [...builtIn.map((g) => (g.id !== undefined && byId.get(g.id)) || g), ...fresh.filter((g) => !ids.has(g.id))];
}

/** What a check of the pack's name did: pack-update.ts's answer, or `not-due` (checked within the record's TTL, or no keeper). */
export type PackCheckResult = PackUpdate | { readonly kind: 'not-due' };

export interface GlyphStore {
  /**
   * The pack's glyphs first (built in, then a resolved pack's new ones: see packList), then the
   * person's own, in the order they were added; updates itself after add, remove and a resolved pack.
   */
  readonly list: Accessor<readonly GlyphInfo[]>;
  /** A blob URL showing the glyph's verified bytes (the same URL for the same glyph while the page lives). */
  image(cid: string): Promise<string>;
  /** What the guide shows for a setting's choice ('suggested', 'shape' or a CID): a blob URL, or null for the drawn shape. */
  guideImage(choice: string, pattern: Pattern, hour: number): Promise<string | null>;
  /**
   * The soundscape the same guide names, or undefined for none (the shape, or a glyph that names
   * none): a built-in glyph's from the catalog, an own SVG's from its root (`data-sound="ocean"`
   * or a `sound-ocean` tag in `data-tags`), read once its bytes are loaded and checked.
   */
  guideSound(choice: string, pattern: Pattern, hour: number): Promise<string | undefined>;
  /** Loads, checks and caches a glyph by CID, then keeps it in the person's own list. */
  add(text: string, name?: string): Promise<GlyphInfo>;
  /** Takes one of the person's own glyphs off the list (its cached blocks stay until erase). */
  remove(cid: string): Promise<void>;
  /** The built-in glyph suggested for a pattern at a local hour (see recommend.ts). */
  suggest(pattern: Pattern, hour: number): GlyphInfo;
  /**
   * Reads the person's own list again (another tab may have changed it, or the last read failed);
   * never rejects: a failed read is logged and the list shown stays as it was until the next refresh.
   */
  refresh(): Promise<void>;
  /**
   * Resolves the pack's name unless a verified record said, within its TTL, that nothing is new
   * (the store does it once when made, and again when the browser comes online); shows a newer
   * pack once it is kept. Never rejects for the network or a refused record (the refusal is logged).
   */
  checkPack(): Promise<PackCheckResult>;
}

/** Where the pack resolved by name is kept, and what the check needs (tests give their own). */
export interface GlyphPackDeps {
  /** Brings the keeper (the device's module loads with the first check, not with the app). */
  keeper(): Promise<GlyphPackKeeper>;
  /** The name to resolve: the one built into the app unless a test gives another. */
  readonly name?: string;
  readonly online?: () => boolean;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
  readonly log?: (line: string) => void;
  /** Brings pack-update.ts: a dynamic import unless a test passes one. */
  readonly load?: () => Promise<Pick<typeof import('./pack-update.ts'), 'updatePack'>>;
}

export interface GlyphStoreDeps extends GlyphFetcherDeps {
  readonly own: OwnGlyphs;
  /** Without it the pack is the built-in one only. */
  readonly pack?: GlyphPackDeps;
}

/** The stored entry as a glyph, or undefined when it is not one (a broken or future record is skipped, not thrown). */
function ownGlyph(stored: { readonly cid: unknown; readonly name: unknown }): GlyphInfo | undefined {
  if (typeof stored.cid !== 'string' || typeof stored.name !== 'string') return undefined;
  try {
    return { cid: cidKey(parseCid(stored.cid)), name: stored.name, tags: [], builtIn: false };
  } catch {
    return undefined; // reason: parseCid throws for what is not a glyph CID
  }
}

/** A loaded glyph as the page uses it: a blob URL to show, and the soundscape its bytes name. */
interface Shown {
  readonly url: string;
  readonly sound: string | undefined;
}

const show = ({ bytes, type }: GlyphBytes): Shown => ({
  url: URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type })),
  sound: type === 'image/svg+xml' ? soundNamed(svgRootTags(bytes)) : undefined,
});

/** The glyph store; its list of own glyphs starts loading at once. */
export function createGlyphStore(deps: GlyphStoreDeps): GlyphStore {
  const fetchGlyph = createGlyphFetcher(deps);
  const readOwn = async () => (await deps.own.list()).map(ownGlyph).filter((g): g is GlyphInfo => g !== undefined);
  const [own, setOwn] = createSignal<readonly GlyphInfo[]>([]);
  // Made once per pack, not per read: the picker's <For> keys its rows by these objects.
  const [pack, setPack] = createSignal<readonly GlyphInfo[]>(BUILT_IN);
  let shownPack: ResolvedPack | null = null;
  const showPack = (kept: ResolvedPack | null) => {
    if (kept?.root === shownPack?.root) return;
    shownPack = kept;
    setPack(packList(BUILT_IN, kept));
  };
  const inPack = (cid: string) => pack().some((g) => g.cid === cid) || BUILT_IN.some((g) => g.cid === cid);
  let reads = 0;
  // Only the latest read is shown, should two finish out of order.
  const readAgain = async () => {
    const read = ++reads;
    const list = await readOwn();
    if (read === reads) setOwn(list);
  };
  // reason: an unreadable list leaves the built-in glyphs, which always show; the next refresh reads it again
  const refresh = () => readAgain().catch((error: unknown) => console.error('own glyphs not read', error));
  void refresh();
  const images = new Map<string, Promise<Shown>>();

  const load = (cidText: string) => {
    const cid = parseCid(cidText);
    const key = cidKey(cid);
    let shown = images.get(key);
    if (!shown) {
      shown = fetchGlyph(cid).then(show);
      // A failure is not remembered: the next ask tries again (the network may be back).
      shown.catch(() => images.delete(key));
      images.set(key, shown);
    }
    return shown;
  };
  const image = async (cidText: string) => (await load(cidText)).url;
  const suggest = (pattern: Pattern, hour: number) => recommendGlyph(BUILT_IN, pattern, hour)!;

  const check = async (): Promise<PackCheckResult> => {
    const p = deps.pack;
    if (!p) return { kind: 'not-due' };
    const keeper = await p.keeper();
    const kept = await keeper.read();
    showPack(kept.pack);
    const now = (p.now ?? Date.now)();
    const { checked } = kept;
    if (checked && now >= checked.at && now < checked.at + checked.ttlMs) return { kind: 'not-due' };
    if (!(p.online ?? (() => navigator.onLine))()) return { kind: 'unavailable' };
    const { updatePack } = await (p.load ?? (() => import('./pack-update.ts')))();
    const result = await updatePack({
      name: p.name ?? PACK_NAME,
      builtRoot: (catalogJson as unknown as Catalog).root,
      // The shipped record's number belongs to the shipped name (a test may ask for another).
      builtSeq: (p.name ?? PACK_NAME) === PACK_NAME ? BUILT_PACK_SEQ : 0n,
      builtIn: new Set(BUILT_IN.map((g) => g.cid)),
      keeper,
      origin: deps.origin,
      loadGlyph: fetchGlyph,
      keepBlock: (cid, bytes) => deps.cache.put(cid, bytes),
      ...(p.fetch ? { fetch: p.fetch } : {}),
      ...(p.now ? { now: p.now } : {}),
      ...(p.log ? { log: p.log } : {}),
    });
    // Read back, not taken from the result: another tab may have kept a newer pack meanwhile.
    showPack((await keeper.read()).pack);
    return result;
  };
  let checking: Promise<PackCheckResult> | undefined;
  const checkPack = () => {
    checking ??= check().finally(() => (checking = undefined));
    return checking;
  };
  // reason: a pack that cannot be checked (storage unreadable, its code not loaded offline) leaves the list as it is
  const checkQuietly = () => void checkPack().catch((error: unknown) => console.error('glyph pack not checked', error));
  if (deps.pack) {
    checkQuietly();
    if (typeof window !== 'undefined') window.addEventListener('online', checkQuietly);
  }

  return {
    list: () => {
      const shown = pack();
      return shown === BUILT_IN ? [...BUILT_IN, ...own()] : [...shown, ...own().filter((g) => !shown.some((p) => p.cid === g.cid))];
    },
    image,
    suggest,
    refresh,
    checkPack,
    async guideImage(choice, pattern, hour) {
      if (choice === 'shape') return null;
      return image(choice === 'suggested' ? suggest(pattern, hour).cid : choice);
    },
    async guideSound(choice, pattern, hour) {
      if (choice === 'shape') return undefined;
      if (choice === 'suggested') return suggest(pattern, hour).soundscape;
      const key = cidKey(parseCid(choice));
      const builtIn = BUILT_IN.find((g) => g.cid === key) ?? pack().find((g) => g.cid === key);
      return builtIn ? builtIn.soundscape : (await load(key)).sound;
    },
    async add(text, name) {
      const cid = parseCid(text);
      const key = cidKey(cid);
      // Read afresh, not from the list shown: another tab may have added it.
      const known = (await readOwn()).some((g) => g.cid === key);
      if (known || inPack(key)) throw new DuplicateGlyphError(key);
      const shown = show(await fetchGlyph(cid));
      images.set(key, Promise.resolve(shown));
      // Unnamed is kept as '': the UI shows its own words for it, in the person's language (older entries keep their "Glyph abc123").
      const info: GlyphInfo = { cid: key, name: name?.trim() ?? '', tags: [], builtIn: false };
      // After the (slow) load another tab may have added it: then that entry stays, and this is the same glyph.
      await deps.own.add({ cid: info.cid, name: info.name });
      await readAgain();
      return info;
    },
    async remove(cidText) {
      const key = cidKey(parseCid(cidText));
      await deps.own.remove(key);
      await readAgain();
      const shown = images.get(key);
      images.delete(key);
      // reason: a load that failed has no URL to revoke
      void shown?.then(
        ({ url }) => URL.revokeObjectURL(url),
        () => undefined,
      );
    },
  };
}
