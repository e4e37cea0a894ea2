/** Reading bytes with a ceiling, shared by the page's loader, the pack builder and the service worker. */

/** Thrown when a body is larger than allowed. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
}

/** Joins chunks into one array. */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/** Collects an async stream of chunks, throwing TooLargeError (and stopping) past `max` bytes. */
export async function collect(chunks: AsyncIterable<Uint8Array>, max = Infinity): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > max) throw new TooLargeError(`over ${max} bytes`);
    parts.push(chunk);
  }
  return concat(parts);
}

/** A response's body, read no further than `max` bytes (the rest is cancelled). */
export async function readBody(response: Response, max: number): Promise<Uint8Array> {
  if (Number(response.headers.get('Content-Length') ?? 0) > max) {
    await response.body?.cancel();
    throw new TooLargeError(`over ${max} bytes`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const stream = (async function* () {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      // Stopping early (too large) cancels the download instead of draining it.
      await reader.cancel().catch(() => undefined); // reason: already closed or errored; nothing left to cancel
    }
  })();
  return collect(stream, max);
}
