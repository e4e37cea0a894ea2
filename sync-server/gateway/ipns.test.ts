/** /ipns/ and /routing/v1/ipns/: the pack's record for its name in any form, and a plain refusal for everything else. */
import { describe, expect, it } from 'vitest';
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { base32 } from 'multiformats/bases/base32';
import { packNameOf, signPackRecord, verifyPackRecord } from '../../src/shared/glyphs/ipns.ts';
import { acceptedTypes, answerIpns, MEDIA_TYPE_IPNS_RECORD } from './ipns.ts';
import type { GatewayAnswer, GatewayRequest, PackRecord } from './types.ts';

const ROOT = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const key = await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(3));
const name = packNameOf(key.publicKey);
const pack: PackRecord = { name, record: await signPackRecord(key, ROOT, 4n, { now: NOW, ttlMs: 3_600_000, validityMs: 86_400_000 }) };
const otherName = packNameOf((await generateKeyPair('Ed25519')).publicKey);

function request(path: string, headers: Record<string, string> = {}, method = 'GET'): GatewayRequest {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, url: new URL(`http://127.0.0.1${path}`), header: (n) => lower.get(n.toLowerCase()) ?? null };
}
const RECORD = { Accept: MEDIA_TYPE_IPNS_RECORD };
const answer = (path: string, headers: Record<string, string> = {}, method = 'GET', record: PackRecord | null = pack): GatewayAnswer => {
  const got = answerIpns(request(path, headers, method), record, NOW);
  if (got === null) throw new Error(`${path}: no answer`);
  return got;
};
const text = (a: GatewayAnswer) => new TextDecoder().decode(a.body ?? new Uint8Array());

describe('/ipns/<name> (trustless gateway)', () => {
  it('serves the record for Accept or ?format=ipns-record, and it verifies for the name', async () => {
    for (const [path, headers] of [
      [`/ipns/${name}`, RECORD],
      [`/ipns/${name}?format=ipns-record`, {}],
      [`/ipns/${name}`, { Accept: `text/html, ${MEDIA_TYPE_IPNS_RECORD};q=0.5` }],
    ] as const) {
      const got = answer(path, headers);
      expect(got.status, path).toBe(200);
      expect(got.body).toEqual(pack.record);
      expect(got.headers['Content-Type']).toBe(MEDIA_TYPE_IPNS_RECORD);
      expect(got.headers['Content-Disposition']).toBe(`attachment; filename="${name}.ipns-record"`);
      expect(got.headers['Content-Length']).toBe(String(pack.record.length));
      expect(got.headers['Access-Control-Allow-Origin']).toBe('*');
      expect(got.headers.Vary).toBe('Accept');
      expect(got.headers.ETag).toMatch(/^"b[a-z2-7]+"$/);
      expect((await verifyPackRecord(name, got.body!, { now: NOW })).root).toBe(ROOT);
    }
  });

  it('caches for the TTL, stale for one TTL more, never past the validity, and says when the record expires', () => {
    const got = answer(`/ipns/${name}`, RECORD);
    expect(got.headers['Cache-Control']).toBe('public, max-age=3600, stale-while-revalidate=3600, stale-if-error=3600');
    expect(got.headers.Expires).toBe(new Date(NOW + 86_400_000).toUTCString());
    // Near the end of its validity a cache keeps it no longer than it is valid.
    const late = answerIpns(request(`/ipns/${name}`, RECORD), pack, NOW + 86_400_000 - 60_000);
    expect(late?.headers['Cache-Control']).toBe('public, max-age=60, stale-while-revalidate=60, stale-if-error=60');
    // Once it has expired while served, it is served no more: the name has no record until the next publish.
    const after = NOW + 86_400_000 + 1;
    expect(answerIpns(request(`/ipns/${name}`, RECORD), pack, after)?.status).toBe(404);
    const routed = answerIpns(request(`/routing/v1/ipns/${name}`, RECORD), pack, after);
    expect(routed?.status).toBe(200);
    expect(routed?.headers['Content-Type']).not.toBe(MEDIA_TYPE_IPNS_RECORD);
  });

  it('answers Content-Location only when the format came from Accept', () => {
    expect(answer(`/ipns/${name}`, RECORD).headers['Content-Location']).toBe(`/ipns/${name}?format=ipns-record`);
    expect(answer(`/ipns/${name}?format=ipns-record`).headers['Content-Location']).toBeUndefined();
  });

  it('knows the name in any form of the same key: base32 CIDv1, upper case, peer id', () => {
    const cid = key.publicKey.toCID();
    for (const form of [cid.toString(base32), cid.toString(base32).toUpperCase(), key.publicKey.toString()]) {
      expect(answer(`/ipns/${form}`, RECORD).status, form).toBe(200);
    }
  });

  it('HEAD has the headers and no body; a matching If-None-Match gets 304', () => {
    const head = answer(`/ipns/${name}`, RECORD, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(head.headers['Content-Length']).toBe(String(pack.record.length));
    const etag = head.headers.ETag!;
    const cached = answer(`/ipns/${name}`, { ...RECORD, 'If-None-Match': `"x", W/${etag}` });
    expect(cached.status).toBe(304);
    expect(cached.body).toBeNull();
    expect(answer(`/ipns/${name}`, { ...RECORD, 'If-None-Match': '"other"' }).status).toBe(200);
  });

  it('HEAD of a refusal has its headers and no body', () => {
    const head = answer(`/ipns/${otherName}`, RECORD, 'HEAD');
    expect(head.status).toBe(404);
    expect(head.body).toBeNull();
    expect(head.headers['Content-Length']).toMatch(/^\d+$/);
  });

  it('404 for another name, or when no record was published', () => {
    expect(answer(`/ipns/${otherName}`, RECORD).status).toBe(404);
    expect(answer(`/ipns/${name}`, RECORD, 'GET', null).status).toBe(404);
  });

  it('406 for what is not the record (nothing is resolved here); 400 without any Accept', () => {
    for (const headers of [{ Accept: 'text/html' }, { Accept: '*/*' }, { Accept: `${MEDIA_TYPE_IPNS_RECORD};q=0` }]) {
      const got = answer(`/ipns/${name}`, headers);
      expect(got.status, headers.Accept).toBe(406);
      expect(got.headers['Content-Type']).toBe('text/plain; charset=utf-8');
      expect(text(got)).toContain(MEDIA_TYPE_IPNS_RECORD);
    }
    // format wins over Accept, both ways.
    expect(answer(`/ipns/${name}?format=car`, RECORD).status).toBe(406);
    expect(answer(`/ipns/${name}?format=ipns-record`, { Accept: 'text/html' }).status).toBe(200);
    expect(answer(`/ipns/${name}`).status).toBe(400);
  });

  it('400 for a path after the name or what is not a name; bounded for a 5,000-character name', () => {
    expect(answer(`/ipns/${name}/glyph.svg`, RECORD).status).toBe(400);
    expect(answer('/ipns/not-a-name', RECORD).status).toBe(400);
    expect(answer('/ipns/', RECORD).status).toBe(400);
    expect(answer('/ipns/%E0%A4%A', RECORD).status).toBe(400);
    expect(answer(`/ipns/k51${'q'.repeat(5000)}`, RECORD).status).toBe(414);
    expect(answer(`/ipns/k51${'q'.repeat(300)}`, RECORD).status).toBe(400);
  });

  it('405 for other methods; OPTIONS is a CORS preflight', () => {
    const post = answer(`/ipns/${name}`, RECORD, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.Allow).toBe('GET, HEAD, OPTIONS');
    const options = answer(`/ipns/${name}`, {}, 'OPTIONS');
    expect(options.status).toBe(204);
    expect(options.headers['Access-Control-Allow-Methods']).toContain('GET');
  });
});

describe('/routing/v1/ipns/<name> (delegated routing)', () => {
  it('serves the record with its caching headers', () => {
    const got = answer(`/routing/v1/ipns/${name}`, RECORD);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(pack.record);
    expect(got.headers['Content-Type']).toBe(MEDIA_TYPE_IPNS_RECORD);
    expect(got.headers['Cache-Control']).toContain('max-age=3600');
    expect(got.headers.ETag).toMatch(/^"b/);
    expect(answer(`/routing/v1/ipns/${key.publicKey.toString()}`, { Accept: '*/*' }).status).toBe(200);
  });

  it('another name: 200 with a plain "no record" (the spec: any other type means none), never the record', () => {
    const got = answer(`/routing/v1/ipns/${otherName}`, RECORD);
    expect(got.status).toBe(200);
    expect(got.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(answer(`/routing/v1/ipns/${name}`, RECORD, 'GET', null).headers['Content-Type']).toBe('text/plain; charset=utf-8');
  });

  it('406 without the record type in Accept, 400 for a bad name, 501 for PUT and the endpoints not offered, 400 for unknown paths', () => {
    expect(answer(`/routing/v1/ipns/${name}`).status).toBe(406);
    expect(answer(`/routing/v1/ipns/${name}`, { Accept: 'text/html' }).status).toBe(406);
    expect(answer('/routing/v1/ipns/nope', RECORD).status).toBe(400);
    expect(answer(`/routing/v1/ipns/${name}`, RECORD, 'PUT').status).toBe(501);
    expect(answer(`/routing/v1/providers/${ROOT}`, { Accept: 'application/json' }).status).toBe(501);
    expect(answer('/routing/v1/peers/x').status).toBe(501);
    for (const path of ['/routing/v1/', '/routing/v1/other', '/routing/v2/ipns/x', '/routing', `/routing/v1/ipns/${name}/x`]) {
      const got = answer(path, RECORD);
      expect(got.status, path).toBe(400);
      expect(got.headers['Content-Type'], path).toBe('text/plain; charset=utf-8');
    }
  });
});

describe('other paths', () => {
  it('are left to the next route', () => {
    for (const path of ['/', '/ipfs/x', '/ipnsx', '/routingx', '/glyphs/pack.car'])
      expect(answerIpns(request(path), pack), path).toBeNull();
  });
});

describe('Accept', () => {
  it('reads q-values and drops parameters', () => {
    expect([...acceptedTypes('Text/HTML;level=1, application/json;q=0, */*;q=0.1')]).toEqual(['text/html', '*/*']);
    expect(acceptedTypes(null).size).toBe(0);
  });
});
