/**
 * Run by Deno (deno.test.ts, the relay stopped): damages one room in a relay's KV file as a torn
 * disk write would, flipping the bytes of every stored part under ['room', <id>] except its meta,
 * so the meta's checksums no longer match. Usage: deno run --unstable-kv damage.ts <kv file> <room id>
 */
import type { KvKey, KvLike } from '../kv-store.ts';

/** What this script uses of Deno (typed here: tsc runs on Node's types). */
interface DamageDeno {
  readonly args: string[];
  openKv(path: string): Promise<KvLike & { set(key: KvKey, value: unknown): Promise<unknown> }>;
}
const { args, openKv } = (globalThis as unknown as { Deno: DamageDeno }).Deno;
const [path, roomId] = args;
const kv = await openKv(path!);

let damaged = 0;
for await (const entry of kv.list({ prefix: ['room', roomId!] })) {
  if (!(entry.value instanceof Uint8Array)) continue;
  const bytes = entry.value.slice();
  for (let i = 0; i < bytes.length; i += 7) bytes[i] = bytes[i]! ^ 0xa5;
  await kv.set(entry.key, bytes);
  damaged++;
}
kv.close();
console.log(`damaged ${damaged}`);
