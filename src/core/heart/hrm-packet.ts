/**
 * The Heart Rate Measurement characteristic (0x2A37) of the Bluetooth Heart Rate Service, parsed
 * as the GATT Specification Supplement (section 3.116) and Heart Rate Service 1.0 lay it out:
 *
 *   byte 0     flags: bit 0 heart-rate format (0 uint8, 1 uint16), bits 1-2 sensor contact
 *              (bit 2 "supported", bit 1 "detected"), bit 3 energy expended present,
 *              bit 4 RR intervals present, bits 5-7 reserved (ignored, as the spec asks of readers)
 *   then       heart rate, uint8 or uint16 little-endian, in beats a minute
 *   then       energy expended, uint16 little-endian, in kJ, when bit 3 is set
 *   then       zero or more RR intervals, uint16 little-endian, in 1/1024 s, when bit 4 is set
 *
 * A strap packs as many RR intervals as beats ended since its last notification (a Polar H10
 * sends flags 0x10, an 8-bit rate and one or two RR values about once a second).
 */

/** Why a packet could not be read; the source drops that packet and keeps going. */
export type HrmPacketProblem = 'empty' | 'truncated' | 'odd-rr-bytes';

/** A Heart Rate Measurement value that breaks the layout above. */
export class HrmPacketError extends Error {
  override readonly name = 'HrmPacketError';
  readonly problem: HrmPacketProblem;
  constructor(problem: HrmPacketProblem, byteLength: number) {
    super(`heart rate measurement: ${problem} (${byteLength} bytes)`);
    this.problem = problem;
  }
}

/** One parsed Heart Rate Measurement. */
export interface HrmPacket {
  /** The strap's own heart rate (it may be 0 while the strap has no skin contact). */
  readonly bpm: number;
  /** Skin contact: true or false where the strap reports it, null where it does not support it. */
  readonly contact: boolean | null;
  /** Cumulative energy expended in kJ, when the strap sends it. */
  readonly energyKj: number | null;
  /** RR intervals in ms, oldest first (exact: 1000/1024 is a power-of-two fraction). */
  readonly rrMs: readonly number[];
}

const HR_UINT16 = 0x01;
const CONTACT_DETECTED = 0x02;
const CONTACT_SUPPORTED = 0x04;
const ENERGY_PRESENT = 0x08;
const RR_PRESENT = 0x10;

/** One RR unit (1/1024 s) in ms. */
export const RR_UNIT_MS = 1000 / 1024;

/** Parses one 0x2A37 value; throws HrmPacketError when it is empty, cut short, or ends in half an RR. */
export function parseHrmPacket(value: DataView): HrmPacket {
  const length = value.byteLength;
  if (length === 0) throw new HrmPacketError('empty', length);
  const flags = value.getUint8(0);
  const wide = (flags & HR_UINT16) !== 0;
  const hasEnergy = (flags & ENERGY_PRESENT) !== 0;
  const fixed = 1 + (wide ? 2 : 1) + (hasEnergy ? 2 : 0);
  if (length < fixed) throw new HrmPacketError('truncated', length);

  const bpm = wide ? value.getUint16(1, true) : value.getUint8(1);
  const energyKj = hasEnergy ? value.getUint16(fixed - 2, true) : null;
  const contact = (flags & CONTACT_SUPPORTED) === 0 ? null : (flags & CONTACT_DETECTED) !== 0;

  const rrMs: number[] = [];
  if ((flags & RR_PRESENT) !== 0) {
    // Half an RR cannot be read as any interval; guessing would put a wrong beat in the series.
    if ((length - fixed) % 2 !== 0) throw new HrmPacketError('odd-rr-bytes', length);
    for (let at = fixed; at < length; at += 2) rrMs.push(value.getUint16(at, true) * RR_UNIT_MS);
  }
  return { bpm, contact, energyKj, rrMs };
}
