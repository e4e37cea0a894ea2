/** Byte helpers every runtime has: random bytes from the platform's CSPRNG, and base64url. */

/** `n` bytes from `crypto.getRandomValues` (browsers, service workers, Node, Workers). */
export const randomBytes = (n: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(n));

export { fromBase64Url, toBase64Url } from './base64url.ts';
