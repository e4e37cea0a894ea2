/**
 * What a trustless-gateway request (https://specs.ipfs.tech/http-gateways/trustless-gateway/) asks
 * for: the CID (in any multibase, any case the base allows), the path under it, and the response
 * format negotiated from `?format=`, `Accept` (with q-values) and the CAR parameters. Read the same
 * way by the gateway (sync-server/gateway/) and by the service worker that caches what gateways send.
 */
import type { MultibaseDecoder } from 'multiformats/bases/interface';
import { bases } from 'multiformats/basics';
import { CID } from 'multiformats/cid';

export const MEDIA_TYPE_RAW = 'application/vnd.ipld.raw';
export const MEDIA_TYPE_CAR = 'application/vnd.ipld.car';

/** Longest CID text read (a sha2-512 CIDv1 in base2 is about 550 characters; nothing real is longer). */
const MAX_CID_TEXT = 600;
/** Accept entries read; the rest of a longer header is ignored. */
const MAX_ACCEPT_ENTRIES = 32;

// Every multibase multiformats knows, so `f…`, `B…`, `k…`, `z…`, `m…` all parse (CID.parse alone reads b, k and z).
const byPrefix = new Map(Object.values(bases).map((b) => [b.prefix as string, b.decoder]));
const anyBase: MultibaseDecoder<string> = {
  decode(text) {
    const decoder = byPrefix.get(String.fromCodePoint(text.codePointAt(0) ?? 0));
    if (!decoder) throw new Error('unknown multibase prefix');
    return decoder.decode(text);
  },
};

/** The CID a path segment names, or null when it is none (wrong base, bad bytes, too long). */
export function parseCidText(text: string): CID | null {
  if (text.length === 0 || text.length > MAX_CID_TEXT) return null;
  try {
    return CID.parse(text, anyBase);
  } catch {
    return null; // reason: CID.parse throws for anything that is not a CID
  }
}

/** A CAR variant this gateway can write: CARv1, depth-first, with or without duplicate blocks. */
export interface CarVariant {
  readonly dups: boolean;
  /** Where each parameter came from, for Content-Location (the query wins over Accept). */
  readonly dupsFromAccept: boolean;
}

/** The response format a request negotiated, or why none can be given (status and a plain reason). */
export type Negotiation =
  | { readonly ok: true; readonly format: 'raw'; readonly formatInUrl: boolean; readonly acceptDiffers: boolean }
  | {
      readonly ok: true;
      readonly format: 'car';
      readonly formatInUrl: boolean;
      readonly acceptDiffers: boolean;
      readonly car: CarVariant;
    }
  | { readonly ok: false; readonly status: 400 | 406; readonly reason: string };

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** The media ranges of an Accept header (RFC 9110 12.5.1), in header order; entries with a malformed q are dropped. */
export function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const entry of accept.split(',').slice(0, MAX_ACCEPT_ENTRIES)) {
    const [type = '', ...rest] = entry.split(';').map((p) => p.trim());
    if (!/^[\w.+*-]+\/[\w.+*-]+$/.test(type)) continue;
    const params = new Map<string, string>();
    let q = 1;
    for (const param of rest) {
      const at = param.indexOf('=');
      if (at <= 0) continue;
      const name = param.slice(0, at).trim().toLowerCase();
      const value = param
        .slice(at + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (name === 'q') q = QVALUE.test(value) ? Number(value) : -1;
      else params.set(name, value.toLowerCase());
    }
    if (q >= 0) ranges.push({ type: type.toLowerCase(), params, q });
  }
  return ranges;
}

type CarParams = { version?: string | undefined; order?: string | undefined; dups?: string | undefined };

/** Why a CAR variant cannot be given, or null when it can. */
function carProblem({ version, order, dups }: CarParams): string | null {
  if (version !== undefined && version !== '1') return `CAR version ${version} is not available here: ask for version=1.`;
  if (order !== undefined && order !== 'dfs' && order !== 'unk') return `CAR order ${order} is not available here: ask for order=dfs.`;
  if (dups !== undefined && dups !== 'y' && dups !== 'n') return `CAR dups=${dups} is not a value: ask for dups=y or dups=n.`;
  return null;
}

type Choice = { format: 'raw' } | { format: 'car'; dups: string | undefined };

/**
 * The verifiable type the Accept header prefers: the explicitly named raw or CAR range with the
 * highest q above 0, the first listed on a tie. Wildcards never select one (`*\/*` asks for the
 * deserialized response, which a trustless gateway does not give).
 */
function bestAccepted(ranges: readonly MediaRange[]): { choice: Choice | null; refused: string | null } {
  let best: { choice: Choice; q: number } | null = null;
  let refused: string | null = null;
  for (const { type, params, q } of ranges) {
    if (q === 0) continue;
    let choice: Choice;
    if (type === MEDIA_TYPE_RAW) choice = { format: 'raw' };
    else if (type === MEDIA_TYPE_CAR) {
      const problem = carProblem({ version: params.get('version'), order: params.get('order'), dups: params.get('dups') });
      if (problem) {
        refused ??= problem;
        continue;
      }
      choice = { format: 'car', dups: params.get('dups') };
    } else continue;
    if (!best || q > best.q) best = { choice, q };
  }
  return { choice: best?.choice ?? null, refused };
}

const OTHER_FORMATS = new Set(['tar', 'dag-json', 'dag-cbor', 'json', 'cbor']);

/** Negotiates the response format of an `/ipfs/` request: `?format=` first, then Accept (trustless gateway, "format"). */
export function negotiate(query: URLSearchParams, accept: string | null): Negotiation {
  const { choice: accepted, refused } = bestAccepted(parseAccept(accept ?? ''));
  const format = query.get('format');
  let wanted: Choice;
  if (format !== null) {
    if (format === 'raw') wanted = { format: 'raw' };
    else if (format === 'car') wanted = { format: 'car', dups: accepted?.format === 'car' ? accepted.dups : undefined };
    else if (format === 'ipns-record') return { ok: false, status: 400, reason: 'An IPNS record is asked for under /ipns/, not /ipfs/.' };
    else if (OTHER_FORMATS.has(format))
      return {
        ok: false,
        status: 406,
        reason: `This is a trustless gateway: format=${format} is not served; ask for format=raw or format=car.`,
      };
    else return { ok: false, status: 400, reason: `format=${format.slice(0, 40)} is not a format.` };
  } else if (accepted) wanted = accepted;
  else if (refused) return { ok: false, status: 406, reason: refused };
  else if (!accept?.trim())
    return {
      ok: false,
      status: 400,
      reason: `This is a trustless gateway: send Accept: ${MEDIA_TYPE_RAW} or ${MEDIA_TYPE_CAR} (or ?format=).`,
    };
  else
    return { ok: false, status: 406, reason: `This is a trustless gateway: ask for ${MEDIA_TYPE_RAW} or ${MEDIA_TYPE_CAR} (or ?format=).` };
  const acceptDiffers = accepted !== null && accepted.format !== wanted.format;
  if (wanted.format === 'raw') return { ok: true, format: 'raw', formatInUrl: format !== null, acceptDiffers };
  // The car-* query parameters take precedence over the Accept header's (trustless gateway, "car-version").
  const fromQuery: CarParams = {
    version: query.get('car-version') ?? undefined,
    order: query.get('car-order') ?? undefined,
    dups: query.get('car-dups') ?? undefined,
  };
  const problem = carProblem(fromQuery);
  if (problem) return { ok: false, status: 406, reason: problem };
  const dups = fromQuery.dups ?? wanted.dups;
  return {
    ok: true,
    format: 'car',
    formatInUrl: format !== null,
    acceptDiffers,
    car: { dups: dups === 'y', dupsFromAccept: fromQuery.dups === undefined && wanted.dups !== undefined },
  };
}

export type BlockRequest =
  | { readonly kind: 'block'; readonly cid: CID }
  | { readonly kind: 'not-ipfs' }
  | { readonly kind: 'bad-cid' }
  | { readonly kind: 'has-path' }
  | { readonly kind: 'not-raw'; readonly cid: CID };

/** Whether a request is a trustless-gateway raw block request, read as the gateway reads it (the service worker caches these). */
export function readBlockRequest(url: URL, accept: string | null): BlockRequest {
  if (!url.pathname.startsWith('/ipfs/')) return { kind: 'not-ipfs' };
  const [first = '', ...rest] = url.pathname.slice('/ipfs/'.length).split('/');
  let text: string;
  try {
    text = decodeURIComponent(first);
  } catch {
    return { kind: 'bad-cid' }; // reason: a malformed %-escape is no CID
  }
  const cid = parseCidText(text);
  if (!cid) return { kind: 'bad-cid' };
  if (rest.some(Boolean)) return { kind: 'has-path' };
  const negotiated = negotiate(url.searchParams, accept);
  return negotiated.ok && negotiated.format === 'raw' ? { kind: 'block', cid } : { kind: 'not-raw', cid };
}
