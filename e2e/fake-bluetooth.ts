/**
 * TEST DOUBLE of navigator.bluetooth: a fake heart-rate strap for Playwright.
 *
 * Why a double: the machines these tests run on have no Bluetooth adapter (their headless
 * Chromium has no navigator.bluetooth at all), and Chromium offers no usable Web Bluetooth
 * emulation to a page (its fake adapters are for its own test shell).
 * So the page's navigator.bluetooth is replaced, before its scripts run, by an object that does
 * just what src/heart/bluetooth.ts uses and behaves as Chrome does where that matters:
 * requestDevice needs a user gesture (SecurityError without one) and a Heart Rate Service filter,
 * services outside the filters and optionalServices are refused (SecurityError), a
 * characteristic's `value` is set before 'characteristicvaluechanged' fires on it, a read fires
 * it too, disconnecting fires 'gattserverdisconnected' on the device, and a Permissions-Policy
 * without 'bluetooth' refuses (where the browser knows that feature).
 *
 * What it sends is real: every notification is the bytes of a Heart Rate Measurement (0x2A37)
 * as a strap sends them, built here from a known RR series by strapPackets (RR in 1/1024 s,
 * grouped per notification about once a second, as a Polar H10 does). The page parses them with
 * its own parser, so only the radio is fake.
 *
 * In the page, `window.__fakeHeartStrap` lets the test drop the strap (`disconnect`), change the
 * battery, and read what was asked and sent.
 */
import type { Page } from '@playwright/test';

export interface FakeStrapOptions {
  /** The advertised name the chooser would show. */
  readonly name: string;
  /** Heart Rate Measurement values, one a notification (strapPackets makes them). */
  readonly packets: readonly (readonly number[])[];
  /** Time between notifications, in ms (straps: about 1000). */
  readonly intervalMs: number;
  /** Battery level in percent, or null for a strap without the Battery Service. */
  readonly battery: number | null;
  /** 'cancel': the person closes the chooser (Chrome's NotFoundError). */
  readonly chooser?: 'pick' | 'cancel';
}

/** What the test reads and does in the page, as `window.__fakeHeartStrap`. */
export interface FakeStrapControl {
  readonly requests: unknown[];
  /** Packets delivered to the page so far. */
  sent: number;
  connects: number;
  /** The strap goes away (out of range); with reconnect: false it does not come back. */
  disconnect(options: { reconnect: boolean }): void;
  setBattery(percent: number): void;
}

/** Replaces navigator.bluetooth with the fake strap in every page the context opens from now on. */
export async function installFakeHeartStrap(page: Page, options: FakeStrapOptions): Promise<void> {
  await page.addInitScript(fakeHeartStrap, options);
}

/** Drops the strap as if it went out of range. */
export async function dropFakeStrap(page: Page, reconnect: boolean): Promise<void> {
  await page.evaluate(
    (again) => (window as unknown as { __fakeHeartStrap: FakeStrapControl }).__fakeHeartStrap.disconnect({ reconnect: again }),
    reconnect,
  );
}

/** Runs in the page before its scripts (serialised by Playwright: no closures over this module). */
export function fakeHeartStrap(options: FakeStrapOptions): void {
  const HEART_RATE = ['heart_rate', 0x180d, '0000180d-0000-1000-8000-00805f9b34fb'];
  const BATTERY = ['battery_service', 0x180f, '0000180f-0000-1000-8000-00805f9b34fb'];
  const domError = (name: string, message: string) => new DOMException(message, name);
  const view = (bytes: readonly number[]) => new DataView(new Uint8Array(bytes).buffer);

  let allowed: unknown[] = [];
  let connected = false;
  let comesBack = true;
  let battery = options.battery;
  let startedAt: number | null = null;

  class Characteristic extends EventTarget {
    value: DataView | null = null;
    notifying = false;
    readonly uuid: string;
    readonly properties = { read: true, notify: true, write: false };
    readonly read: () => DataView;
    readonly onStart: () => void;
    constructor(uuid: string, read: () => DataView, onStart: () => void = () => {}) {
      super();
      this.uuid = uuid;
      this.read = read;
      this.onStart = onStart;
    }
    async startNotifications() {
      if (!connected) throw domError('NetworkError', 'GATT Server is disconnected. Cannot perform GATT operations.');
      this.notifying = true;
      this.onStart();
      return this;
    }
    async stopNotifications() {
      this.notifying = false;
      return this;
    }
    async readValue() {
      if (!connected) throw domError('NetworkError', 'GATT Server is disconnected. Cannot perform GATT operations.');
      this.deliver(this.read());
      return this.value!;
    }
    deliver(value: DataView) {
      this.value = value;
      this.dispatchEvent(new Event('characteristicvaluechanged', { bubbles: true }));
    }
  }

  const measurement = new Characteristic(
    '00002a37-0000-1000-8000-00805f9b34fb',
    () => {
      throw domError('NotSupportedError', 'GATT operation not permitted.');
    },
    () => {
      if (startedAt !== null) return;
      startedAt = performance.now();
      setTimeout(tick, options.intervalMs);
    },
  );
  const batteryLevel = new Characteristic('00002a19-0000-1000-8000-00805f9b34fb', () => view([battery ?? 0]));
  const device = Object.assign(new EventTarget(), { id: 'fake-strap-0001', name: options.name, gatt: null as unknown });

  const control = {
    requests: [] as unknown[],
    sent: 0,
    connects: 0,
    disconnect({ reconnect }: { reconnect: boolean }) {
      comesBack = reconnect;
      drop();
    },
    setBattery(percent: number) {
      battery = percent;
      if (connected && batteryLevel.notifying) batteryLevel.deliver(view([percent]));
    },
  };

  const drop = () => {
    if (!connected) return;
    connected = false;
    measurement.notifying = false;
    batteryLevel.notifying = false;
    device.dispatchEvent(new Event('gattserverdisconnected', { bubbles: true }));
  };

  // The strap beats whether or not anyone listens: packet k goes out k + 1 intervals after the
  // first subscription, on the page's monotonic clock, and is lost while nobody is subscribed.
  // Packets a late timer finds due are delivered together, as a radio's queue would.
  let next = 0;
  function tick() {
    const due = Math.floor((performance.now() - startedAt!) / options.intervalMs) - 1;
    for (; next <= due && next < options.packets.length; next++) {
      if (!connected || !measurement.notifying) continue;
      measurement.deliver(view(options.packets[next]!));
      control.sent++;
    }
    if (next < options.packets.length) setTimeout(tick, startedAt! + (next + 1) * options.intervalMs - performance.now());
  }

  const service = (kind: 'heart' | 'battery') => ({
    uuid: kind === 'heart' ? '0000180d-0000-1000-8000-00805f9b34fb' : '0000180f-0000-1000-8000-00805f9b34fb',
    isPrimary: true,
    async getCharacteristic(name: string | number) {
      if (kind === 'heart' && (name === 'heart_rate_measurement' || name === 0x2a37)) return measurement;
      if (kind === 'battery' && (name === 'battery_level' || name === 0x2a19)) return batteryLevel;
      throw domError('NotFoundError', 'No Characteristics matching UUID found in Service.');
    },
  });

  const gatt = {
    device,
    get connected() {
      return connected;
    },
    async connect() {
      control.connects++;
      await new Promise((ok) => setTimeout(ok, 30));
      if (control.connects > 1 && !comesBack) throw domError('NetworkError', 'Connection failed for unknown reason.');
      connected = true;
      return gatt;
    },
    disconnect() {
      drop();
    },
    async getPrimaryService(name: string | number) {
      if (!connected) throw domError('NetworkError', 'GATT Server is disconnected. Cannot retrieve services.');
      const wanted = HEART_RATE.includes(name) ? 'heart' : BATTERY.includes(name) ? 'battery' : null;
      if (!wanted || !allowed.some((a) => (wanted === 'heart' ? HEART_RATE : BATTERY).includes(a as string))) {
        throw domError('SecurityError', "Origin is not allowed to access the service. Tip: Add the service UUID to 'optionalServices'.");
      }
      if (wanted === 'battery' && battery === null) throw domError('NotFoundError', 'No Services matching UUID found in Device.');
      return service(wanted);
    },
  };
  device.gatt = gatt;

  const bluetooth = {
    async getAvailability() {
      return true;
    },
    async requestDevice(request: { filters?: { services?: unknown[] }[]; optionalServices?: unknown[] }) {
      control.requests.push(JSON.parse(JSON.stringify(request)));
      // Where this Chromium knows the 'bluetooth' feature, a Permissions-Policy without it refuses.
      const policy = (document as unknown as { featurePolicy?: { features(): string[]; allowsFeature(f: string): boolean } }).featurePolicy;
      if (policy?.features().includes('bluetooth') && !policy.allowsFeature('bluetooth')) {
        throw domError('SecurityError', 'Access to the feature "bluetooth" is disallowed by permissions policy.');
      }
      // Chrome shows a chooser only from a click (transient user activation).
      if (!navigator.userActivation.isActive) {
        throw domError(
          'SecurityError',
          "Failed to execute 'requestDevice' on 'Bluetooth': Must be handling a user gesture to show a permission request.",
        );
      }
      const filtered = (request.filters ?? []).flatMap((f) => f.services ?? []);
      if (options.chooser === 'cancel' || !filtered.some((s) => HEART_RATE.includes(s as string))) {
        throw domError('NotFoundError', 'User cancelled the requestDevice() chooser.');
      }
      allowed = [...filtered, ...(request.optionalServices ?? [])];
      return device;
    },
  };

  Object.defineProperty(Navigator.prototype, 'bluetooth', { configurable: true, get: () => bluetooth });
  (window as unknown as { __fakeHeartStrap: typeof control }).__fakeHeartStrap = control;
}

/** The bytes of one Heart Rate Measurement (0x2A37), laid out as the GATT Specification Supplement says. */
export function hrmBytes(bpm: number, rrUnits: readonly number[], options: { contact?: boolean; energyKj?: number } = {}): number[] {
  const wide = bpm > 255;
  const flags =
    (wide ? 0x01 : 0) |
    (options.contact === undefined ? 0 : options.contact ? 0x06 : 0x04) |
    (options.energyKj === undefined ? 0 : 0x08) |
    (rrUnits.length > 0 ? 0x10 : 0);
  const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
  return [flags, ...(wide ? u16(bpm) : [bpm]), ...(options.energyKj === undefined ? [] : u16(options.energyKj)), ...rrUnits.flatMap(u16)];
}

/** A strap's notifications for an RR series, and the RRs the page should read back (ms, after 1/1024 s encoding). */
export interface StrapRecording {
  readonly packets: number[][];
  readonly rrMs: number[];
}

/**
 * What a strap notifying every intervalMs sends for these beats: each notification carries the
 * RR of every beat that ended since the one before (none, one or two at 60-75 bpm), the rate it
 * shows (from the last RR), and skin contact where asked.
 */
export function strapPackets(rrMs: readonly number[], intervalMs: number, options: { contact?: boolean } = {}): StrapRecording {
  const packets: number[][] = [];
  const sent: number[] = [];
  let ended = 0;
  let next = 0;
  let bpm = 0;
  for (let at = intervalMs; next < rrMs.length; at += intervalMs) {
    const units: number[] = [];
    while (next < rrMs.length && ended + rrMs[next]! <= at) {
      ended += rrMs[next]!;
      units.push(Math.round(rrMs[next]! * 1.024));
      next++;
    }
    if (units.length > 0) bpm = Math.round(61_440 / units.at(-1)!);
    packets.push(hrmBytes(bpm, units, options));
    sent.push(...units.map((u) => u / 1.024));
  }
  return { packets, rrMs: sent };
}

/** RR intervals (ms) of a heart whose rate swings sinusoidally: meanBpm ± swingBpm at hz, for seconds. */
export function swingingHeart(seconds: number, meanBpm: number, swingBpm: number, hz: number): number[] {
  const rr: number[] = [];
  for (let t = 0; t < seconds * 1000; ) {
    const beat = 60_000 / (meanBpm + swingBpm * Math.sin(2 * Math.PI * hz * (t / 1000)));
    rr.push(beat);
    t += beat;
  }
  return rr;
}
