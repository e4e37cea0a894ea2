/**
 * For private deployments (ROOM_TOKEN_SECRET set): prints a room link carrying a signed token.
 *
 *   ROOM_TOKEN_SECRET=… node sync-server/node/sign-token.ts <origin> [hours valid, default 24]
 *
 * A new room id is made each time; the token (a JWT, HS256, audience `sacred-breathing:room:<id>`)
 * is in the fragment, which browsers never send. Any JWT library can mint the same tokens.
 */
import { randomBytes } from 'node:crypto';
import { signRoomToken } from '../room-token.ts';

const secret = process.env.ROOM_TOKEN_SECRET;
const [origin, hours = '24'] = process.argv.slice(2);
if (!secret || !origin || !Number.isFinite(Number(hours))) {
  console.error('usage: ROOM_TOKEN_SECRET=… node sync-server/node/sign-token.ts <origin> [hours]');
  process.exit(2);
}
const roomId = randomBytes(16).toString('base64url');
const token = await signRoomToken(secret, roomId, Math.floor(Date.now() / 1000 + Number(hours) * 3600));
console.log(`${origin.replace(/\/$/, '')}/room/${roomId}#token=${token}`);
