/**
 * How an `/ipfs/` request's format is negotiated (src/shared/glyphs/block-request.ts, read by the
 * gateway and by the service worker that caches raw blocks): Accept with q-values, `?format=` first,
 * the CAR parameters, and the CID in any multibase.
 */
import { base16 } from 'multiformats/bases/base16';
import { base32upper } from 'multiformats/bases/base32';
import { base36 } from 'multiformats/bases/base36';
import { base58btc } from 'multiformats/bases/base58';
import { base64url } from 'multiformats/bases/base64';
import { CID } from 'multiformats/cid';
import { describe, expect, it } from 'vitest';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { negotiate, parseAccept, parseCidText, readBlockRequest } from '../../src/shared/glyphs/block-request.ts';

const RAW = 'application/vnd.ipld.raw';
const CAR = 'application/vnd.ipld.car';
const format = (query: string, accept: string | null) => {
  const n = negotiate(new URLSearchParams(query), accept);
  return n.ok ? n.format : n.status;
};

describe('negotiation of /ipfs/ requests', () => {
  it('reads Accept ranges with their q and parameters, dropping malformed ones', () => {
    expect(parseAccept(`${CAR}; version=1; Order="DFS"; q=0.5, text/html,;q=1, */*;q=0.1, bad;q=0.5, ${RAW};q=1.5`)).toEqual([
      {
        type: CAR,
        params: new Map([
          ['version', '1'],
          ['order', 'dfs'],
        ]),
        q: 0.5,
      },
      { type: 'text/html', params: new Map(), q: 1 },
      { type: '*/*', params: new Map(), q: 0.1 },
    ]);
  });

  it('the highest q of an explicitly named verifiable type wins; q=0 refuses; wildcards never choose; ?format= comes first', () => {
    expect(format('', RAW)).toBe('raw');
    expect(format('', `${RAW};q=0, text/html`)).toBe(406);
    expect(format('', `${RAW};q=0.1, ${CAR}`)).toBe('car');
    expect(format('', `${CAR}, ${RAW}`)).toBe('car');
    expect(format('', '*/*')).toBe(406);
    expect(format('', null)).toBe(400);
    expect(format('format=raw', CAR)).toBe('raw');
    expect(format('format=car', `${RAW}`)).toBe('car');
    expect(format('format=json', null)).toBe(406);
    expect(format('format=ipns-record', null)).toBe(400);
    expect(format('format=what', null)).toBe(400);
  });

  it('CAR parameters: version 1, order dfs or unk, dups y or n; the query over Accept; Content-Location wanted when Accept chose', () => {
    expect(negotiate(new URLSearchParams(), `${CAR};dups=y`)).toEqual({
      ok: true,
      format: 'car',
      formatInUrl: false,
      acceptDiffers: false,
      car: { dups: true, dupsFromAccept: true },
    });
    const queryWins = negotiate(new URLSearchParams('format=car&car-dups=n'), `${CAR};dups=y`);
    expect(queryWins.ok && queryWins.format === 'car' && queryWins.car).toEqual({ dups: false, dupsFromAccept: false });
    expect(format('', `${CAR};version=2`)).toBe(406);
    expect(format('', `${CAR};order=bfs`)).toBe(406);
    expect(format('format=car&car-version=2', null)).toBe(406);
    expect(format('', `${CAR};version=2, ${RAW};q=0.1`)).toBe('raw');
    const differs = negotiate(new URLSearchParams('format=raw'), CAR);
    expect(differs.ok && differs.acceptDiffers).toBe(true);
  });

  it('parses a CID in any multibase and case, and nothing else', () => {
    const cid = CID.parse(catalog.glyphs[0]!.cid);
    for (const text of [
      cid.toString(),
      cid.toString(base16),
      cid.toString(base32upper),
      cid.toString(base36),
      cid.toString(base58btc),
      cid.toString(base64url),
    ])
      expect(parseCidText(text)?.equals(cid), text).toBe(true);
    expect(parseCidText(CID.parse(catalog.root).toV0().toString())?.toString()).toMatch(/^Qm/); // CIDv0, base58btc without a prefix
    for (const text of ['', 'x', 'bafy', 'Bafk', 'b'.repeat(700), '🚀', 'f0155']) expect(parseCidText(text), text).toBeNull();
  });

  it('tells the service worker which requests are raw block requests', () => {
    const cid = catalog.glyphs[0]!.cid;
    const at = (path: string, accept: string | null) => readBlockRequest(new URL(`https://gw.example${path}`), accept).kind;
    expect(at(`/ipfs/${cid}?format=raw`, RAW)).toBe('block');
    expect(at(`/ipfs/${cid}`, RAW)).toBe('block');
    expect(at(`/ipfs/${cid}`, `${RAW};q=0, */*`)).toBe('not-raw');
    expect(at(`/ipfs/${cid}?format=car`, RAW)).toBe('not-raw');
    expect(at(`/ipfs/${cid}/x`, RAW)).toBe('has-path');
    expect(at('/ipfs/nope', RAW)).toBe('bad-cid');
    expect(at('/ipfs/%ff', RAW)).toBe('bad-cid');
    expect(at('/other', RAW)).toBe('not-ipfs');
  });
});
