/** Headers between the Worker, a room's object and its shards (shard-object.ts); no runtime needed, so tests read them too. */

/** Set by the Worker on an upgrade it hands to a room's object: the room's id (its shards are named after it). */
export const ROOM_HEADER = 'X-Relay-Room';
/** Set by the room's object on an upgrade it hands to a shard, and by the shard on its 101: which shard. */
export const SHARD_HEADER = 'X-Relay-Shard';
