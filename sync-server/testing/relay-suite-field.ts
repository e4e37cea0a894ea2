/**
 * Field mode (src/shared/room-field.ts) against every adapter, with the stock y-websocket client
 * as the members: a room crossing the threshold both ways as members come and go, the field's
 * figures, and the stock client going on syncing without a word on its console.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIELD_PRESENCE_ID, fieldThresholds, readField, type RoomField } from '../../src/shared/room-field.ts';
import { provider, synced, until, type RelayAdapter } from './relay-suite.ts';
import type { Member } from './clients.ts';
import { pairwisePpc } from './field-maths.ts';

const ABOVE = 3;
// Long breaths, so that phases given at the start still count half a minute later on a slow machine.
const PERIOD_MS = 20_000;
// Conditions, not timings: generous, as a loaded machine (the whole suite, a bench beside it) needs.
const WAIT_MS = 15_000;

/** The field a member's client holds now, or null. */
const fieldOf = (m: Member): RoomField | null => readField(m.provider.awareness.getStates().get(FIELD_PRESENCE_ID));

/** Presence as the app sends it: a member pressing along at one breath per PERIOD_MS, `phase` radians into it at `base`. */
function breathe(m: Member, n: number, phase: number, pressed = false, base = Date.now()): void {
  const last = base - (phase / (2 * Math.PI)) * PERIOD_MS;
  m.provider.awareness.setLocalState({
    memberId: `member-${n}`,
    name: `M${n}`,
    pressed,
    onsets: [last - 2 * PERIOD_MS, last - PERIOD_MS, last],
    score: null,
  });
}

export function fieldSuite(adapter: RelayAdapter): void {
  describe(`field mode (${adapter.name})`, () => {
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    afterEach(() => {
      errors.mockClear();
      warnings.mockClear();
    });

    it('turns a room into a field above the threshold and back below it; the stock client syncs on and logs nothing', async () => {
      const relay = await adapter.start({ RELAY_FIELD_ABOVE: String(ABOVE) });
      const members: Member[] = [];
      // Phases spread enough that the figure is well inside 0..1 (not clamped).
      const phases = Array.from({ length: ABOVE + 1 }, (_, n) => 0.3 + n * 0.5);
      // One instant for all: the phases at any later instant differ as they do here.
      const base = Date.now();
      for (let n = 0; n <= ABOVE; n++) {
        const m = provider(relay);
        await synced(m.provider);
        breathe(m, n, phases[n]!, false, base);
        members.push(m);
      }
      // ABOVE + 1 members: every one of them holds the relay's field, with the exact figures.
      await until(() => members.every((m) => fieldOf(m)?.counted === ABOVE + 1), WAIT_MS);
      const field = fieldOf(members[0]!)!;
      expect(field).toMatchObject({ here: ABOVE + 1, breathing: ABOVE + 1, pressing: 0 });
      // Exact: the pairwise mean over the phases the members gave (each at the same breath length,
      // so their differences hold whenever the relay takes them).
      expect(field.ppc).toBeCloseTo(pairwisePpc(phases), 5);
      expect(field.faces.length).toBeGreaterThan(0);

      // A change of presence shows in everyone's field (and nobody else's state is relayed to them).
      breathe(members[1]!, 1, phases[1]!, true, base);
      await until(() => members.every((m) => fieldOf(m)?.pressing === 1), WAIT_MS);
      const latecomer = provider(relay);
      await synced(latecomer.provider);
      await until(() => fieldOf(latecomer)?.here === ABOVE + 1, WAIT_MS);
      expect([...latecomer.provider.awareness.getStates().keys()].filter((id) => id !== latecomer.doc.clientID)).toEqual([
        FIELD_PRESENCE_ID,
      ]);

      // The document syncs as ever in a field.
      members[0]!.doc.getMap('m').set('in the field', true);
      await until(
        () =>
          members.every((m) => m.doc.getMap('m').get('in the field') === true) && latecomer.doc.getMap('m').get('in the field') === true,
        WAIT_MS,
      );

      // Down to `leaveAt` members: the field entry goes and presence flows again.
      latecomer.provider.destroy();
      const { leaveAt } = fieldThresholds(ABOVE);
      while (members.length > leaveAt) members.pop()!.provider.destroy();
      // (A field lasts at least FIELD_MIN_MS, 5 s.)
      await until(() => members.every((m) => !m.provider.awareness.getStates().has(FIELD_PRESENCE_ID)), WAIT_MS);
      breathe(members[0]!, 0, 2);
      await until(
        () =>
          members.every(
            (m) =>
              (m.provider.awareness.getStates().get(members[0]!.doc.clientID) as { onsets?: unknown } | undefined)?.onsets !== undefined,
          ),
        WAIT_MS,
      );
      expect(errors).not.toHaveBeenCalled();
      expect(warnings).not.toHaveBeenCalled();
      await relay.kill('SIGTERM');
    }, 120_000);
  });
}
