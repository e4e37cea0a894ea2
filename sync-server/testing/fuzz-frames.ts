/**
 * Hostile WebSocket messages for fuzzing the relay, seeded and deterministic: the shapes an
 * attacker with a script sends (garbage, mutated Yjs updates, floods of presence, requests that
 * make the relay encode the whole room, nested types that cost memory, oversized frames).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { changeOf, presenceMessage, syncUpdate } from './updates.ts';
import { createRng, generateCase, type Rng } from './yjs-fuzz.ts';

export const SHAPES = [
  'random-bytes',
  'mutated-updates',
  'presence-flood',
  'whole-room-requests',
  'presence-queries',
  'nested-types',
  'bad-varints',
  'oversized',
] as const;
export type Shape = (typeof SHAPES)[number];

const message = (type: number, write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
};

const randomBytes = (rng: Rng, n: number) => Uint8Array.from({ length: n }, () => rng.int(256));

/** A burst of messages of one shape; `victims` are presence ids of honest members to try to take over. */
function burst(shape: Shape, rng: Rng, seed: number, index: number, victims: readonly number[], maxFrameBytes: number): Uint8Array[] {
  switch (shape) {
    case 'random-bytes':
      return Array.from({ length: 1 + rng.int(8) }, () => randomBytes(rng, 1 + rng.int(512)));
    case 'mutated-updates':
      return generateCase(seed, index).updates.map(syncUpdate);
    case 'presence-flood':
      return Array.from({ length: 1 + rng.int(20) }, () =>
        presenceMessage(
          rng.chance(0.3) && victims.length ? rng.pick(victims) : rng.int(2 ** 31),
          { name: 'x'.repeat(rng.int(5000)) },
          rng.int(1000),
        ),
      );
    case 'whole-room-requests':
      // Sync step 1 with an empty state vector: "send me everything".
      return Array.from({ length: 1 + rng.int(20) }, () =>
        message(0, (e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint8Array(e, new Uint8Array([0]));
        }),
      );
    case 'presence-queries':
      return Array.from({ length: 1 + rng.int(50) }, () => new Uint8Array([3]));
    case 'nested-types': {
      const doc = new Y.Doc();
      return [
        syncUpdate(
          changeOf(doc, (d) => {
            for (let i = 0; i < 500 + rng.int(3000); i++) d.getMap('m').set(`n${i}`, new Y.Map());
          }),
        ),
      ];
    }
    case 'bad-varints':
      return [Uint8Array.from([rng.int(4), ...Array.from({ length: 10 }, () => 0x80 | rng.int(128))])];
    case 'oversized':
      return [new Uint8Array(maxFrameBytes + 1 + rng.int(1024))];
  }
}

/** The fuzzer: `next()` gives the shape and messages of the next burst. */
export function createFrameFuzzer(seed: number, maxFrameBytes: number) {
  const rng = createRng(seed);
  let index = 0;
  return {
    next(victims: readonly number[]): { shape: Shape; frames: Uint8Array[] } {
      // Oversized frames are rare: each costs a connection.
      const shape = rng.chance(0.005) ? 'oversized' : rng.pick(SHAPES.filter((s) => s !== 'oversized'));
      return { shape, frames: burst(shape, rng, seed, index++, victims, maxFrameBytes) };
    },
  };
}
