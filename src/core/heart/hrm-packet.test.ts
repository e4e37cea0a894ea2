import { describe, expect, it } from 'vitest';
import { HrmPacketError, parseHrmPacket, RR_UNIT_MS } from './hrm-packet.ts';

const packet = (...bytes: number[]) => new DataView(new Uint8Array(bytes).buffer);
const problemOf = (value: DataView) => {
  try {
    parseHrmPacket(value);
  } catch (e) {
    if (e instanceof HrmPacketError) return e.problem;
    throw e;
  }
  return null;
};

describe('parseHrmPacket', () => {
  it('reads an 8-bit rate without RR (flags 0x00: a basic strap or a watch broadcasting)', () => {
    expect(parseHrmPacket(packet(0x00, 72))).toEqual({ bpm: 72, contact: null, energyKj: null, rrMs: [] });
  });

  it('reads a 16-bit rate, little-endian', () => {
    expect(parseHrmPacket(packet(0x01, 0x48, 0x00)).bpm).toBe(72);
    expect(parseHrmPacket(packet(0x01, 0x2c, 0x01)).bpm).toBe(300);
  });

  it('reads a Polar H10 packet: flags 0x10, 8-bit rate, one RR in 1/1024 s', () => {
    // 0x0370 = 880 units = 859.375 ms (about 70 bpm).
    expect(parseHrmPacket(packet(0x10, 70, 0x70, 0x03))).toEqual({ bpm: 70, contact: null, energyKj: null, rrMs: [859.375] });
  });

  it('reads several RR intervals in order, oldest first', () => {
    const p = parseHrmPacket(packet(0x10, 66, 0x00, 0x04, 0xd1, 0x03, 0x34, 0x03));
    expect(p.rrMs).toEqual([1024, 977, 820].map((u) => u * RR_UNIT_MS));
    expect(p.rrMs[0]).toBe(1000);
  });

  it('reads a 16-bit rate with energy expended and RR (flags 0x19), skipping the energy for RR', () => {
    // Energy 0x0123 = 291 kJ, then RR 0x0400 (1000 ms) and 0x0380 (875 ms).
    expect(parseHrmPacket(packet(0x19, 64, 0x00, 0x23, 0x01, 0x00, 0x04, 0x80, 0x03))).toEqual({
      bpm: 64,
      contact: null,
      energyKj: 291,
      rrMs: [1000, 875],
    });
  });

  it('reads energy without RR (flags 0x08)', () => {
    expect(parseHrmPacket(packet(0x08, 80, 0xff, 0xff))).toEqual({ bpm: 80, contact: null, energyKj: 65535, rrMs: [] });
  });

  it('reads contact only when the strap says it supports it (bit 2)', () => {
    expect(parseHrmPacket(packet(0x16, 70, 0x70, 0x03)).contact).toBe(true); // supported, detected
    expect(parseHrmPacket(packet(0x14, 0, 0x70, 0x03)).contact).toBe(false); // supported, not detected
    expect(parseHrmPacket(packet(0x12, 70)).contact).toBeNull(); // "detected" without "supported" means nothing
    expect(parseHrmPacket(packet(0x00, 70)).contact).toBeNull();
  });

  it('ignores the reserved bits 5-7 and bytes after a packet without RR', () => {
    expect(parseHrmPacket(packet(0xe0, 70, 0x99))).toEqual({ bpm: 70, contact: null, energyKj: null, rrMs: [] });
  });

  it('accepts the RR flag with no RR after it (a strap that had no beat end since its last notification)', () => {
    expect(parseHrmPacket(packet(0x10, 55)).rrMs).toEqual([]);
  });

  it('refuses an empty value', () => {
    expect(problemOf(new DataView(new ArrayBuffer(0)))).toBe('empty');
    expect(() => parseHrmPacket(new DataView(new ArrayBuffer(0)))).toThrow(HrmPacketError);
  });

  it('refuses a packet cut inside its fixed fields', () => {
    expect(problemOf(packet(0x00))).toBe('truncated');
    expect(problemOf(packet(0x01, 0x48))).toBe('truncated');
    expect(problemOf(packet(0x08, 70, 0x01))).toBe('truncated');
    expect(problemOf(packet(0x19, 64, 0x00, 0x23))).toBe('truncated');
  });

  it('refuses an odd trailing byte among RR intervals rather than guess half an interval', () => {
    expect(problemOf(packet(0x10, 70, 0x70))).toBe('odd-rr-bytes');
    expect(problemOf(packet(0x10, 70, 0x70, 0x03, 0x80))).toBe('odd-rr-bytes');
  });

  it('reads a view into a larger buffer at its own offset', () => {
    const bytes = new Uint8Array([0xaa, 0xaa, 0x10, 70, 0x00, 0x04, 0xbb]);
    expect(parseHrmPacket(new DataView(bytes.buffer, 2, 4))).toEqual({ bpm: 70, contact: null, energyKj: null, rrMs: [1000] });
  });

  it('round-trips every RR a strap can send within the human range, to within 1 ms of the ms it encodes', () => {
    for (let ms = 273; ms <= 2000; ms += 7) {
      const units = Math.round(ms * 1.024);
      const [rr] = parseHrmPacket(packet(0x10, 60, units & 0xff, units >> 8)).rrMs;
      expect(Math.abs(rr! - ms)).toBeLessThanOrEqual(0.5);
    }
  });
});
