/**
 * The glyph pack's gateway, runtime-free: what a request and an answer are to it, and what it serves.
 * The Node adapter (../node/gateway.ts) and the Worker (../worker/index.ts) turn their own requests
 * into a GatewayRequest and write a GatewayAnswer back, so both meet the trustless gateway
 * specification with the same code.
 */

/** A request to the gateway, as either runtime sees it. */
export interface GatewayRequest {
  readonly method: string;
  readonly url: URL;
  /** A request header by (case-insensitive) name, or null. */
  header(name: string): string | null;
}

/** The gateway's answer; each adapter writes it out (a HEAD answer has the GET's headers and no body). */
export interface GatewayAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | null;
}

/** The pack's blocks, looked up by multihash (a CID's codec and version do not matter to a block store). */
export interface PackBlocks {
  /** The block with this multihash (its bytes), or undefined. */
  get(multihash: Uint8Array): Uint8Array | undefined;
  /** The pack directory's CID (dag-pb). */
  readonly root: string;
}

/** The pack's signed IPNS record: its name (`k51…`, the CIDv1 of the Ed25519 public key) and the record's bytes. */
export interface PackRecord {
  readonly name: string;
  readonly record: Uint8Array;
}

/** What the gateway serves now; a publish replaces it as a whole (the blocks and the record that names their root). */
export interface PackState {
  readonly blocks: PackBlocks;
  /** Null where no record was published (a pack built but never signed). */
  readonly record: PackRecord | null;
}
