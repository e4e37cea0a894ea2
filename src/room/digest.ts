/**
 * The hex SHA-256 of a room id: what names the room on this device (its database, its owner key),
 * since the id itself is the room link's secret. Its own module, so that the hash comes only with
 * the room's code (room/link.ts is read by the first load's words).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** 64 hex characters. */
export const roomIdDigest = (id: string): string => bytesToHex(sha256(new TextEncoder().encode(id)));
