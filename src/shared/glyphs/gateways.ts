/** Public trustless gateways glyphs fall back to when a deployment names none of its own (Helia's defaults). */
export const DEFAULT_GLYPH_GATEWAYS: readonly string[] = ['https://trustless-gateway.link', 'https://4everland.io'];

/** Thrown for a gateway that is not an http(s) origin. */
export class GatewayUrlError extends Error {
  override readonly name = 'GatewayUrlError';
}

/** Checks and normalises a gateway to its origin (the trustless path `/ipfs/<cid>` goes on the origin). */
export function gatewayOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new GatewayUrlError(`"${text}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new GatewayUrlError(`"${text}" is not http(s)`);
  if (url.pathname !== '/' || url.search || url.hash) throw new GatewayUrlError(`"${text}": give the gateway's origin, without a path`);
  return url.origin;
}

/** The `GLYPH_GATEWAYS` setting: unset means the defaults, `none` means none, else comma-separated origins. */
export function parseGatewayList(raw: string | undefined): readonly string[] {
  if (raw === undefined || raw === '') return DEFAULT_GLYPH_GATEWAYS;
  if (raw === 'none') return [];
  return raw.split(',').map(gatewayOrigin);
}
