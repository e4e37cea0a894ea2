/** Headers between the Worker, a room's object and its shards (shard-object.ts); no runtime needed, so tests read them too. */

/** Set by the Worker on an upgrade it hands to a room's object: the room's id (its shards are named after it). */
export const ROOM_HEADER = 'X-Relay-Room';
/** Which shard: on the room object's redirect, on the upgrade the Worker takes to the shard, and on the shard's 101. */
export const SHARD_HEADER = 'X-Relay-Shard';
/** The room's object answers the Worker so when it is full: take the upgrade to the shard its SHARD_HEADER names (never sent to a client). */
export const SHARD_REDIRECT_STATUS = 307;

/** The name of shard `k` of room `roomId`. */
export const shardName = (roomId: string, k: number): string => `${roomId}#${k}`;
