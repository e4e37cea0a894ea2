/**
 * verified-fetch on a light, HTTP-only Helia that asks one trustless gateway: no libp2p, no
 * delegated routing, no DNS. Its own module so that the named imports tree-shake (a dynamic
 * import of the packages themselves would pull all of libp2p into the chunk); loader.ts imports
 * it lazily.
 */
import { withHTTP } from '@helia/http';
import { createVerifiedFetchWithHelia, type VerifiedFetch } from '@helia/verified-fetch';
import { createHeliaLight } from 'helia';
import { sniffImageType } from '../shared/glyphs/image.ts';

/** A verified fetch that loads every block from the gateway at `origin`. */
export async function createGatewayFetch(origin: string): Promise<VerifiedFetch> {
  const helia = withHTTP(createHeliaLight(), {
    delegatedRouters: [],
    recursiveGateways: [origin],
    // Private addresses and plain http are refused by default (they are usually addresses peers
    // leaked by mistake); this gateway was chosen on purpose: the app's own origin (which may be a
    // LAN address) or the operator's list. Plain http is only reachable from an http page anyway.
    allowLocal: true,
    allowInsecure: new URL(origin).protocol === 'http:',
  });
  // Helia 7 consults fallback routers (our gateway) only after a non-fallback router: one that finds nothing.
  helia.addRouter({ name: 'none', async *findProviders() {} });
  await helia.start();
  // Without a parser, SVG comes back as text/plain; the type is read from the bytes.
  return createVerifiedFetchWithHelia(helia, { contentTypeParser: (bytes) => sniffImageType(bytes) ?? undefined });
}
