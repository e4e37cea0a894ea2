/**
 * What hostile members try, run against every adapter (Node and the Worker in workerd) with the
 * stock y-websocket client as the honest members: updates that would break the room, structs
 * whose dependencies never come, bytes past the budget, frames sent after the relay decided to
 * close, repeats meant to "fill" a room, and a hard kill right after members received a change.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { maskedFrame, openBareSocket } from './bare-websocket.ts';
import { POISON_FIXTURES } from './poison-fixtures.ts';
import { provider, raw, ROOM, synced, until, type RelayAdapter } from './relay-suite.ts';
import { changeOf, syncUpdate } from './updates.ts';

const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
const sorted = (o: Record<string, unknown>) => Object.entries(o).sort(([x], [y]) => x.localeCompare(y));
const contents = (doc: Y.Doc) =>
  JSON.stringify([
    sorted(doc.getMap('m').toJSON()),
    doc.getText('t').toString(),
    [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(),
  ]);

export function hostileSuite(adapter: RelayAdapter): void {
  describe(`relay against hostile members (${adapter.name})`, () => {
    it('refuses every update that would break the room, and the room still loads and converges after a restart', async () => {
      const relay = await adapter.start();
      const member = provider(relay);
      await synced(member.provider);
      member.doc.getMap('m').set('before', 1);
      for (const fixture of POISON_FIXTURES) {
        const attacker = raw(relay, `/room/${ROOM}`);
        await attacker.open;
        for (const update of fixture.updates) attacker.ws.send(syncUpdate(hexBytes(update)));
        // Refused (1007), or harmless; either way the room must load back below.
        attacker.ws.close();
        await attacker.closed;
      }
      member.doc.getMap('m').set('after', 2);
      const late = provider(relay);
      await synced(late.provider);
      await until(() => late.doc.getMap('m').get('after') === 2);
      expect(contents(late.doc)).toBe(contents(member.doc));

      await relay.kill('SIGKILL');
      member.provider.destroy();
      const again = await adapter.start({}, relay.dataDir);
      const fresh = provider(again);
      await synced(fresh.provider);
      expect(fresh.doc.getMap('m').toJSON()).toMatchObject({ before: 1, after: 2 });
    });

    it('refuses an update whose dependencies never came (4205: sync again): a fresh joiner gets what the members got', async () => {
      const relay = await adapter.start();
      const member = provider(relay);
      await synced(member.provider);
      const hostile = new Y.Doc();
      changeOf(hostile, (d) => d.getText('t').insert(0, 'never sent'));
      const orphan = changeOf(hostile, (d) => d.getText('t').insert(3, 'orphan'));
      const attacker = raw(relay, `/room/${ROOM}`);
      await attacker.open;
      attacker.ws.send(syncUpdate(orphan));
      expect(await attacker.closed).toBe(4205);
      member.doc.getMap('m').set('marker', 1);
      const late = provider(relay);
      await synced(late.provider);
      await until(() => late.doc.getMap('m').get('marker') === 1);
      expect(contents(late.doc)).toBe(contents(member.doc));
      expect(late.doc.store.pendingStructs).toBeNull();
    });

    it('closes a member past its byte budget (4029) and reads nothing it sent after the decision', async () => {
      const relay = await adapter.start({ RELAY_BYTES_BURST: String(64 * 1024), RELAY_BYTES_PER_SECOND: '1024' });
      const member = provider(relay);
      await synced(member.provider);
      const { socket } = await openBareSocket(`${relay.ws}/room/${ROOM}`);
      socket.on('error', () => undefined);
      const closeCode = new Promise<number>((ok) => socket.on('data', (d: Buffer) => d[0] === 0x88 && ok(d.readUInt16BE(2))));
      const hostile = new Y.Doc();
      // One write: the relay has every frame in hand when it decides.
      const frames = Array.from({ length: 6 }, (_, i) =>
        maskedFrame(syncUpdate(changeOf(hostile, (d) => d.getMap('m').set(`k${i}`, 'x'.repeat(40_000))))),
      );
      socket.write(Buffer.concat(frames));
      expect(await closeCode).toBe(4029);
      member.doc.getMap('m').set('marker', 1);
      const late = provider(relay);
      await synced(late.provider);
      await until(() => late.doc.getMap('m').get('marker') === 1);
      // The second frame overdrew the budget; the third was refused; the rest were never read.
      expect(Object.keys(late.doc.getMap('m').toJSON()).sort()).toEqual(['k0', 'k1', 'marker']);
      socket.destroy();
    });

    it('counts the real size of a room: repeats do not fill it, growth past it is refused (4013), deletions pass', async () => {
      const relay = await adapter.start({ RELAY_MAX_ROOM_BYTES: '8192', RELAY_MESSAGES_PER_SECOND: '1000', RELAY_MESSAGE_BURST: '1000' });
      const member = provider(relay);
      await synced(member.provider);
      const hostile = new Y.Doc();
      const repeat = syncUpdate(changeOf(hostile, (d) => d.getMap('m').set('big', 'y'.repeat(5000))));
      const repeater = raw(relay, `/room/${ROOM}`);
      await repeater.open;
      for (let i = 0; i < 40; i++) repeater.ws.send(repeat);
      repeater.ws.send(syncUpdate(changeOf(hostile, (d) => d.getMap('m').set('marker', 1))));
      await until(() => member.doc.getMap('m').get('marker') === 1);
      repeater.ws.send(syncUpdate(changeOf(hostile, (d) => d.getMap('m').set('more', 'z'.repeat(5000)))));
      expect(await repeater.closed).toBe(4013);
      member.doc.getMap('m').delete('big');
      member.doc.getMap('m').set('fits', 'again');
      const late = provider(relay);
      await synced(late.provider);
      await until(() => late.doc.getMap('m').get('fits') === 'again');
      expect(late.doc.getMap('m').has('big')).toBe(false);
      expect(late.doc.getMap('m').has('more')).toBe(false);
    });

    it('loses no change any member received when the relay is killed hard (kill -9), round after round', async () => {
      let relay = await adapter.start();
      for (let round = 0; round < 3; round++) {
        const writer = provider(relay);
        const reader = provider(relay);
        await Promise.all([synced(writer.provider), synced(reader.provider)]);
        writer.doc.getMap('m').set(`round ${round}`, round);
        await until(() => reader.doc.getMap('m').get(`round ${round}`) === round);
        await relay.kill('SIGKILL'); // no wait: the change is on disk before the reader got it
        writer.provider.destroy();
        reader.provider.destroy();
        relay = await adapter.start({}, relay.dataDir);
      }
      const check = provider(relay);
      await synced(check.provider);
      expect(check.doc.getMap('m').toJSON()).toEqual({ 'round 0': 0, 'round 1': 1, 'round 2': 2 });
    });
  });
}
