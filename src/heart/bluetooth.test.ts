import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Beat } from '../core/heart/beat.ts';
import { seeded } from '../core/random.ts';
import {
  type BluetoothDeviceLike,
  type BluetoothLike,
  type GattServerLike,
  MIN_BEAT_STEP_MS,
  NOTIFY_WINDOW_MS,
  NO_RR_PACKETS,
  RECONNECT_MS,
  stampBeats,
  startStrap,
} from './bluetooth.ts';
import { HeartSourceError, type HeartSourceStatus } from './source.ts';

/** A characteristic as Chrome gives it: `value` set, then 'characteristicvaluechanged' fired on it. */
class FakeCharacteristic extends EventTarget {
  value: DataView | null = null;
  notifying = false;
  readonly properties: { notify: boolean };
  private readonly initial: number[];
  constructor(properties: { notify: boolean }, initial: number[] = []) {
    super();
    this.properties = properties;
    this.initial = initial;
  }
  async startNotifications() {
    this.notifying = true;
    return this;
  }
  async stopNotifications() {
    this.notifying = false;
    return this;
  }
  async readValue() {
    this.notify(this.initial);
    return this.value!;
  }
  notify(bytes: number[]) {
    this.value = new DataView(new Uint8Array(bytes).buffer);
    this.dispatchEvent(new Event('characteristicvaluechanged'));
  }
}

/** A strap: device, GATT server, Heart Rate and (optionally) Battery services. */
function fakeStrap(options: { battery?: number; batteryNotifies?: boolean; name?: string } = {}) {
  const measurement = new FakeCharacteristic({ notify: true });
  const battery =
    options.battery === undefined ? null : new FakeCharacteristic({ notify: options.batteryNotifies ?? true }, [options.battery]);
  const device = Object.assign(new EventTarget(), { name: options.name ?? 'Polar H10 1A2B3C4D' }) as EventTarget & {
    name: string;
    gatt: GattServerLike;
  };
  const calls = { connect: 0, disconnect: 0 };
  let connectWith: () => Promise<void> = async () => {};
  const gatt = {
    connected: false,
    async connect() {
      calls.connect++;
      await connectWith();
      gatt.connected = true;
      return gatt;
    },
    disconnect() {
      calls.disconnect++;
      if (!gatt.connected) return;
      gatt.connected = false;
      device.dispatchEvent(new Event('gattserverdisconnected'));
    },
    async getPrimaryService(name: string) {
      if (!gatt.connected) throw new DOMException('GATT Server is disconnected.', 'NetworkError');
      if (name === 'heart_rate') return { getCharacteristic: async () => measurement };
      if (name === 'battery_service' && battery) return { getCharacteristic: async () => battery };
      throw new DOMException('No Services matching UUID found in Device.', 'NotFoundError');
    },
  };
  device.gatt = gatt;
  const requests: unknown[] = [];
  const bluetooth: BluetoothLike = {
    async requestDevice(request) {
      requests.push(request);
      return device;
    },
  };
  /** The strap leaves on its own (out of range); `then` decides how the next connect goes. */
  const drop = (then: () => Promise<void>) => {
    connectWith = then;
    gatt.connected = false;
    device.dispatchEvent(new Event('gattserverdisconnected'));
  };
  return { bluetooth, device: device as BluetoothDeviceLike, gatt, measurement, battery, calls, requests, drop };
}

const clockAt = (start: number) => {
  let now = start;
  return { now: () => now, dispose: () => {}, set: (ms: number) => (now = ms) };
};

/** Heart Rate Measurement bytes with RR given in ms (encoded in 1/1024 s, as a strap does). */
const rrPacket = (flags: number, bpm: number, ...rrMs: number[]) => [
  flags,
  bpm,
  ...rrMs.flatMap((ms) => {
    const units = Math.round(ms * 1.024);
    return [units & 0xff, units >> 8];
  }),
];

const flush = () => new Promise((ok) => setTimeout(ok, 0));

async function started(options?: Parameters<typeof fakeStrap>[0]) {
  const strap = fakeStrap(options);
  const clock = clockAt(1_000_000);
  const source = await startStrap(clock, strap.bluetooth);
  const beats: Beat[] = [];
  const statuses: HeartSourceStatus[] = [];
  source.onBeat((b) => beats.push(b));
  source.onStatus((s) => statuses.push(s));
  return { strap, clock, source, beats, statuses };
}

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
};

afterEach(() => {
  vi.useRealTimers();
});

describe('stampBeats', () => {
  it('ends the first packet’s last RR at its arrival and spaces earlier beats back by their RRs', () => {
    expect(stampBeats([800, 900], 10_000, null)).toEqual([
      { at: 9100, rrMs: 800 },
      { at: 10_000, rrMs: 900 },
    ]);
  });

  it('puts a beat its RR after the one before, when that lies within the packet’s bounds', () => {
    expect(stampBeats([900], 11_300, 10_000)).toEqual([{ at: 10_900, rrMs: 900 }]);
  });

  it('never after the packet’s arrival (a beat cannot end after the strap reported it)', () => {
    expect(stampBeats([900], 10_700, 10_000)).toEqual([{ at: 10_700, rrMs: 900 }]);
  });

  it('at most NOTIFY_WINDOW_MS before the arrival: after lost packets the series rejoins the clock', () => {
    expect(stampBeats([800], 20_000, 10_000)).toEqual([{ at: 20_000 - NOTIFY_WINDOW_MS, rrMs: 800 }]);
  });

  it('never on or before the previous beat: a packet reaching back behind a late one is pushed forward', () => {
    expect(stampBeats([800, 900], 10_050, 10_000)).toEqual([
      { at: 10_000 + MIN_BEAT_STEP_MS, rrMs: 800 },
      { at: 10_050, rrMs: 900 },
    ]);
  });

  it('follows a strap notifying once a second through jittered delivery: strictly increasing, within the delay of the truth', () => {
    const random = seeded(7);
    const truth: number[] = [];
    for (let t = 0; t < 600_000; ) {
      t += 60_000 / (67.5 + 7.5 * Math.sin((2 * Math.PI * t) / 10_000));
      truth.push(t);
    }
    const errors: number[] = [];
    let previous: number | null = null;
    let next = 0;
    for (let sentAt = 1000; sentAt <= 600_000; sentAt += 1000) {
      const inPacket: number[] = [];
      while (next < truth.length && truth[next]! <= sentAt) inPacket.push(next++);
      const rr = inPacket.map((i) => truth[i]! - (truth[i - 1] ?? 0));
      const delay = 20 + random() * 280; // radio and event loop
      for (const [k, beat] of stampBeats(rr, sentAt + delay, previous).entries()) {
        if (previous !== null) expect(beat.at).toBeGreaterThan(previous);
        previous = beat.at;
        errors.push(beat.at - truth[inPacket[k]!]!);
      }
    }
    // Never early, and only ever closer: each packet can only tighten the bound. Stamping each
    // packet's last beat at its arrival would be off by the wait for the notification plus the delay
    // (about 650 ms on average here); chaining the RRs settles on the least-delayed arrivals.
    expect(Math.min(...errors)).toBeGreaterThanOrEqual(0);
    expect(errors[0]).toBeLessThanOrEqual(1000 + 300);
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThanOrEqual(errors[i - 1]! + 1e-6);
    expect(errors[70]).toBeLessThan(150);
  });
});

describe('startStrap', () => {
  it('is unsupported without Web Bluetooth (Firefox, Safari), and Node has none', async () => {
    const e = await rejection(startStrap(clockAt(0)));
    expect(e).toBeInstanceOf(HeartSourceError);
    expect((e as HeartSourceError).code).toBe('unsupported');
  });

  it('asks for a Heart Rate Service device, with the Battery Service as optional', async () => {
    const { strap, source } = await started();
    expect(strap.requests).toEqual([{ filters: [{ services: ['heart_rate'] }], optionalServices: ['battery_service'] }]);
    expect(source.kind).toBe('strap');
    expect(source.deviceName).toBe('Polar H10 1A2B3C4D');
    expect(strap.measurement.notifying).toBe(true);
  });

  it.each([
    [new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError'), 'cancelled'],
    [new DOMException('Bluetooth adapter not available.', 'NotFoundError'), 'no-device'],
    [new DOMException('Must be handling a user gesture to show a permission request.', 'SecurityError'), 'denied'],
    [new DOMException('Origin is not allowed to access the service.', 'NotAllowedError'), 'denied'],
    [new TypeError('Invalid Service name'), 'failed'],
  ])('turns the chooser’s %s into %s', async (thrown, code) => {
    const bluetooth: BluetoothLike = { requestDevice: () => Promise.reject(thrown) };
    const e = await rejection(startStrap(clockAt(0), bluetooth));
    expect((e as HeartSourceError).code).toBe(code);
  });

  it('fails and lets go of the strap when the connection fails', async () => {
    const strap = fakeStrap();
    strap.gatt.connect = () => Promise.reject(new DOMException('Connection failed for unknown reason.', 'NetworkError'));
    const e = await rejection(startStrap(clockAt(0), strap.bluetooth));
    expect((e as HeartSourceError).code).toBe('no-device');
    expect(strap.calls.disconnect).toBe(1);
  });

  it('gives one beat per RR, stamped by arrival on the page clock', async () => {
    const { strap, clock, beats } = await started();
    clock.set(1_001_000);
    strap.measurement.notify(rrPacket(0x10, 70, 859.375)); // Polar H10: flags 0x10, 8-bit rate, one RR
    clock.set(1_002_000);
    strap.measurement.notify(rrPacket(0x10, 66, 1000, 875));
    expect(beats).toEqual([
      { at: 1_001_000, rrMs: 859.375 },
      { at: 1_001_125, rrMs: 1000 },
      { at: 1_002_000, rrMs: 875 },
    ]);
  });

  it('reads RR after a 16-bit rate and an energy field', async () => {
    const { strap, beats } = await started();
    strap.measurement.notify([0x19, 64, 0x00, 0x23, 0x01, 0x00, 0x04]);
    expect(beats.map((b) => b.rrMs)).toEqual([1000]);
  });

  it('drops an RR of 0 (no interval: an infinite rate) and keeps the rest of its packet', async () => {
    const { strap, beats } = await started();
    strap.measurement.notify([0x10, 70, 0x00, 0x00, 0x80, 0x03]);
    expect(beats.map((b) => b.rrMs)).toEqual([875]);
  });

  it('drops a malformed packet and reads the next', async () => {
    const { strap, beats, statuses } = await started();
    strap.measurement.notify([]);
    strap.measurement.notify([0x10, 70, 0x70]);
    strap.measurement.notify(rrPacket(0x10, 70, 875));
    expect(beats.map((b) => b.rrMs)).toEqual([875]);
    expect(statuses).toEqual([]);
  });

  it('reports skin contact as quality, and drops RR the strap says came without contact', async () => {
    const { strap, source, beats } = await started();
    expect(source.quality()).toBeNull();
    strap.measurement.notify(rrPacket(0x16, 70, 850));
    expect(source.quality()).toBe(1);
    strap.measurement.notify(rrPacket(0x14, 0, 850));
    expect(source.quality()).toBe(0);
    strap.measurement.notify(rrPacket(0x10, 70, 850));
    expect(source.quality()).toBeNull();
    expect(beats).toHaveLength(2);
  });

  it('refuses a strap that sends a rate but never an RR, rather than make beats up', async () => {
    const { strap, beats, statuses } = await started();
    for (let i = 0; i < NO_RR_PACKETS - 1; i++) strap.measurement.notify([0x00, 72]);
    expect(statuses).toEqual([]);
    strap.measurement.notify([0x00, 72]);
    expect(beats).toEqual([]);
    expect(statuses).toHaveLength(1);
    const [lost] = statuses;
    expect(lost?.state).toBe('lost');
    expect(lost?.state === 'lost' && lost.error.code).toBe('no-rr');
    expect(strap.gatt.connected).toBe(false);
  });

  it('waits for contact before counting packets without RR, and accepts a packet without RR once RR came', async () => {
    const { strap, beats, statuses } = await started();
    for (let i = 0; i < NO_RR_PACKETS * 2; i++) strap.measurement.notify([0x04, 0]); // supported, no contact
    strap.measurement.notify(rrPacket(0x16, 60, 1000));
    for (let i = 0; i < NO_RR_PACKETS * 2; i++) strap.measurement.notify([0x16, 55]); // a slow heart: no beat ended
    expect(statuses).toEqual([]);
    expect(beats).toHaveLength(1);
  });

  it('reads the battery where offered and follows its notifications', async () => {
    const { strap, source } = await started({ battery: 87 });
    await flush();
    expect(source.battery()).toBe(87);
    strap.battery!.notify([86]);
    expect(source.battery()).toBe(86);
    strap.battery!.notify([200]); // reserved: ignored
    expect(source.battery()).toBe(86);
  });

  it('reads the battery once when it cannot notify, and has none without the service', async () => {
    const once = await started({ battery: 40, batteryNotifies: false });
    await flush();
    expect(once.source.battery()).toBe(40);
    expect(once.strap.battery!.notifying).toBe(false);
    const none = await started();
    await flush();
    expect(none.source.battery()).toBeNull();
  });

  it('reconnects once, quietly, when the strap drops and comes back', async () => {
    const { strap, clock, beats, statuses } = await started();
    strap.measurement.notify(rrPacket(0x10, 70, 875));
    strap.drop(async () => {});
    await flush();
    expect(strap.calls.connect).toBe(2);
    clock.set(1_005_000);
    strap.measurement.notify(rrPacket(0x10, 80, 750));
    expect(beats.map((b) => b.rrMs)).toEqual([875, 750]);
    expect(statuses).toEqual([]);
  });

  it('is lost with "disconnected" when the reconnect fails', async () => {
    const { strap, beats, statuses } = await started();
    strap.drop(() => Promise.reject(new DOMException('Connection failed for unknown reason.', 'NetworkError')));
    await flush();
    expect(statuses).toHaveLength(1);
    const [lost] = statuses;
    expect(lost?.state === 'lost' && lost.error.code).toBe('disconnected');
    strap.measurement.notify(rrPacket(0x10, 70, 850));
    expect(beats).toEqual([]);
  });

  it('is lost when the reconnect does not finish in RECONNECT_MS', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { strap, statuses } = await started();
    strap.drop(() => new Promise(() => {}));
    await vi.advanceTimersByTimeAsync(RECONNECT_MS - 1);
    expect(statuses).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(statuses.map((s) => s.state === 'lost' && s.error.code)).toEqual(['disconnected']);
    expect(strap.calls.disconnect).toBeGreaterThanOrEqual(1);
  });

  it('stops: notifications off, disconnected, no lost status, nothing heard after; twice is harmless', async () => {
    const { strap, source, beats, statuses } = await started({ battery: 50 });
    await flush();
    const first = source.stop();
    const second = source.stop();
    await Promise.all([first, second]);
    await source.stop();
    expect(strap.measurement.notifying).toBe(false);
    expect(strap.battery!.notifying).toBe(false);
    expect(strap.gatt.connected).toBe(false);
    expect(strap.calls.connect).toBe(1);
    strap.measurement.notify(rrPacket(0x10, 70, 850));
    expect(beats).toEqual([]);
    expect(statuses).toEqual([]);
  });

  it('stops harmlessly after it was lost', async () => {
    const { strap, source } = await started();
    strap.drop(() => Promise.reject(new Error('gone')));
    await flush();
    await source.stop();
    expect(strap.gatt.connected).toBe(false);
  });
});
