/** Delta-debugging a fuzz finding down to a small sequence that still shows it. */
import * as Y from 'yjs';
import { checkSequence, type ApplyHooks, type FindingClass } from './fuzz-oracle.ts';
import { parseUpdate, writeUpdate, type UpdateModel } from './update-model.ts';

const decodes = (u: Uint8Array): boolean => {
  try {
    Y.decodeUpdate(u);
    return true;
  } catch {
    // reason: a candidate that decodeUpdate refuses is simply not a reproduction.
    return false;
  }
};

/**
 * True when the sequence, every update of it accepted by decodeUpdate, still shows `target`; with
 * `clean`, also without any applyUpdate throwing (the failure then needs no half-applied update).
 */
export const reproduces = (updates: readonly Uint8Array[], target: FindingClass, clean = false, hooks?: ApplyHooks): boolean => {
  if (!updates.every(decodes)) return false;
  const v = checkSequence(updates, hooks);
  return v.classes.has(target) && !(clean && v.applyThrew);
};

/** Smaller variants of one update: without a section, a struct, a delete-set entry or range. */
function* modelReductions(u: Uint8Array): Generator<Uint8Array> {
  let model: UpdateModel;
  try {
    model = parseUpdate(u);
  } catch {
    // reason: a byte-mutated update may not parse with the model reader; bytes are reduced instead.
    return;
  }
  const variants: ((m: UpdateModel) => void)[] = [];
  for (const [i, s] of model.sections.entries()) {
    variants.push((m) => {
      m.sections.splice(i, 1);
    });
    for (const j of s.structs.keys()) {
      variants.push((m) => {
        m.sections[i]!.structs.splice(j, 1);
      });
      if (j !== 0) continue;
      // Drop the first struct but keep later clocks: the section starts later.
      variants.push((m) => {
        const sec = m.sections[i]!;
        sec.clock += sec.structs[0]!.length;
        sec.structs.shift();
      });
    }
  }
  for (const [i, c] of model.ds.entries()) {
    variants.push((m) => {
      m.ds.splice(i, 1);
    });
    for (const j of c.ranges.keys()) {
      variants.push((m) => {
        m.ds[i]!.ranges.splice(j, 1);
      });
    }
  }
  for (const v of variants) {
    const m = structuredClone(model);
    v(m);
    yield writeUpdate(m);
  }
}

/** Delta-debugs a sequence to a small one that still shows `target` (sequence, structs, then bytes). */
export function minimize(
  updates: readonly Uint8Array[],
  target: FindingClass,
  clean = false,
  hooks?: ApplyHooks,
  maxChecks = 20_000,
): Uint8Array[] {
  let cur = [...updates];
  let checks = 0;
  const ok = (cand: Uint8Array[]): boolean => ++checks <= maxChecks && reproduces(cand, target, clean, hooks);
  let progress = true;
  while (progress && checks < maxChecks) {
    progress = false;
    for (let i = cur.length - 1; i >= 0; i--) {
      const cand = cur.filter((_, j) => j !== i);
      if (ok(cand)) {
        cur = cand;
        progress = true;
      }
    }
    for (let i = 0; i < cur.length; i++) {
      for (const smaller of modelReductions(cur[i]!)) {
        if (smaller.length >= cur[i]!.length) continue;
        const cand = cur.map((u, j) => (j === i ? smaller : u));
        if (ok(cand)) {
          cur = cand;
          progress = true;
          break;
        }
      }
    }
    for (let i = 0; i < cur.length; i++) {
      for (let chunk = Math.max(1, cur[i]!.length >> 1); chunk >= 1; chunk >>= 1) {
        for (let at = 0; at + chunk <= cur[i]!.length; ) {
          const u = cur[i]!;
          const smaller = Uint8Array.from([...u.subarray(0, at), ...u.subarray(at + chunk)]);
          const cand = cur.map((x, j) => (j === i ? smaller : x));
          if (ok(cand)) {
            cur = cand;
            progress = true;
          } else at += chunk;
        }
      }
    }
  }
  return cur;
}
