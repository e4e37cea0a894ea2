/**
 * The child of the kill -9 durability test: appends updates to one room until it is killed,
 * printing each update's sequence number once `append` has returned. fs.writeSync on fd 1, not
 * process.stdout: that one queues in memory when the pipe is full, and this loop never yields.
 * Usage: node store-append-child.ts <dataDir> <roomId> <updateBytes>
 */
import { writeSync } from 'node:fs';
import { openRoomStore } from '../persistence.ts';

const [dataDir = '', roomId = '', size = '100'] = process.argv.slice(2);
const store = openRoomStore(dataDir, () => {});
const update = new Uint8Array(Math.max(4, Number(size)));
for (let seq = 0; ; seq++) {
  new DataView(update.buffer).setUint32(0, seq);
  store.append(roomId, update, Date.now());
  writeSync(1, `${seq}\n`);
}
