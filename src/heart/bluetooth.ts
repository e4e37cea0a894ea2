/**
 * A Bluetooth LE heart-rate strap (Heart Rate Service 0x180D) as a HeartSource, through Web
 * Bluetooth (Chrome and Edge on Android, desktop and ChromeOS; not Firefox, not Safari).
 *
 * Beats come from the RR intervals of each Heart Rate Measurement (hrm-packet.ts), timestamped by
 * stampBeats below. The rules, chosen to be honest about what the strap said:
 * - A strap that sends a rate but never an RR interval is refused ('no-rr', after NO_RR_PACKETS
 *   packets with skin contact): beats made up from its rate (60000/bpm) would be evenly spaced,
 *   so their HRV would be a property of the arithmetic, not of the heart, and coherence a lie.
 *   A packet without RR now and then is normal (no beat ended since the last notification).
 * - RR intervals in a packet that says the strap has no skin contact are dropped: that strap is
 *   telling us they are not from a heart. quality() is then 0, so the person can wet the strap.
 * - When the strap goes away on its own (out of range, a radio hiccup), one reconnect is tried
 *   quietly for at most RECONNECT_MS: beats pause, nothing else changes (a strap slipping out of
 *   range for a breath should not end a session). If it fails the source goes 'lost' with
 *   'disconnected'; the person starts it again through the chooser.
 */
import type { Beat } from '../core/heart/beat.ts';
import { HrmPacketError, parseHrmPacket } from '../core/heart/hrm-packet.ts';
import type { Clock } from '../shared/clock.ts';
import { type HeartSource, HeartSourceError, type HeartSourceStatus } from './source.ts';

/** The part of a GATT characteristic this source uses (TypeScript's DOM library has no Web Bluetooth types). */
export interface GattCharacteristicLike extends EventTarget {
  readonly value?: DataView | null | undefined;
  readonly properties?: { readonly notify?: boolean } | undefined;
  startNotifications(): Promise<unknown>;
  stopNotifications(): Promise<unknown>;
  readValue(): Promise<DataView>;
}

/** The part of a GATT server this source uses. */
export interface GattServerLike {
  readonly connected: boolean;
  connect(): Promise<GattServerLike>;
  disconnect(): void;
  getPrimaryService(service: string): Promise<{ getCharacteristic(characteristic: string): Promise<GattCharacteristicLike> }>;
}

/** The part of a BluetoothDevice this source uses; it fires 'gattserverdisconnected'. */
export interface BluetoothDeviceLike extends EventTarget {
  readonly name?: string | undefined;
  readonly gatt?: GattServerLike | undefined;
}

/** The part of navigator.bluetooth this source uses. */
export interface BluetoothLike {
  requestDevice(options: { filters: { services: string[] }[]; optionalServices: string[] }): Promise<BluetoothDeviceLike>;
}

/** Packets with contact (or no contact report) and never an RR, before the strap is refused. */
export const NO_RR_PACKETS = 10;
/** How long the one quiet reconnect may take before the source is lost. */
export const RECONNECT_MS = 5000;
/** How long before its arrival a packet's last beat may have ended: straps notify about once a second, and delivery adds up to about half a second. */
export const NOTIFY_WINDOW_MS = 1500;
/** Beats of one source are at least this far apart in time, so `at` is strictly increasing. */
export const MIN_BEAT_STEP_MS = 1;

/**
 * Timestamps one packet's RR intervals (page clock, epoch ms). A strap sends the RR of each beat
 * at its next notification (about once a second), so a packet's last beat ended at the latest
 * when the packet arrived, and at most about NOTIFY_WINDOW_MS before; each earlier beat ended
 * its successor's RR before that. Within those bounds the beat is put where the beat before it
 * plus its own RR says (the strap measured the RR to the millisecond; the arrival only adds radio
 * and event-loop delay): the series then keeps its true spacing, converges on the least-delayed
 * arrivals, and snaps back into the bounds after lost packets or a reconnect. The first beat ever
 * ends at its arrival. A beat is never put before, or on, the one before it (a late packet followed
 * by an early one): it goes MIN_BEAT_STEP_MS after it, so `at` is strictly increasing.
 */
export function stampBeats(rrMs: readonly number[], arrivedAt: number, previousAt: number | null): Beat[] {
  let latest = arrivedAt - rrMs.reduce((sum, rr) => sum + rr, 0);
  let before = previousAt;
  return rrMs.map((rr) => {
    latest += rr;
    const at = before === null ? latest : Math.max(Math.min(before + rr, latest), latest - NOTIFY_WINDOW_MS, before + MIN_BEAT_STEP_MS);
    before = at;
    return { at, rrMs: rr };
  });
}

const gattOf = (device: BluetoothDeviceLike): GattServerLike => {
  if (!device.gatt) throw new HeartSourceError('failed', 'the device has no GATT server');
  return device.gatt;
};

const navigatorBluetooth = (): BluetoothLike | undefined =>
  typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { bluetooth?: BluetoothLike }).bluetooth;

const errorName = (e: unknown): string => (typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : '');
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** What requestDevice's and connect's DOMExceptions mean for the person. */
function asSourceError(e: unknown): HeartSourceError {
  if (e instanceof HeartSourceError) return e;
  const name = errorName(e);
  const detail = errorText(e);
  // Chrome rejects both a closed chooser and a missing or switched-off adapter with NotFoundError.
  if (name === 'NotFoundError') return new HeartSourceError(/adapter/i.test(detail) ? 'no-device' : 'cancelled', detail);
  if (name === 'SecurityError' || name === 'NotAllowedError') return new HeartSourceError('denied', detail);
  // NetworkError: the GATT connection failed, the strap is out of range or asleep.
  if (name === 'NetworkError') return new HeartSourceError('no-device', detail);
  return new HeartSourceError('failed', detail);
}

/** Asks the person for a heart-rate strap, connects and follows its measurements; resolves once notifications run. */
export async function startStrap(clock: Clock, bluetooth: BluetoothLike | undefined = navigatorBluetooth()): Promise<HeartSource> {
  if (!bluetooth) throw new HeartSourceError('unsupported');
  let device: BluetoothDeviceLike;
  try {
    device = await bluetooth.requestDevice({ filters: [{ services: ['heart_rate'] }], optionalServices: ['battery_service'] });
  } catch (e) {
    throw asSourceError(e);
  }
  const gatt = gattOf(device);

  const beatListeners = new Set<(beat: Beat) => void>();
  const statusListeners = new Set<(status: HeartSourceStatus) => void>();
  let measurement: GattCharacteristicLike | null = null;
  let batteryLevel: GattCharacteristicLike | null = null;
  let lastAt: number | null = null;
  let contact: boolean | null = null;
  let battery: number | null = null;
  let sawRr = false;
  let packetsWithoutRr = 0;
  let ended = false; // stopped or lost: nothing more is heard
  let reconnecting = false;
  let stopping: Promise<void> | null = null;

  const onMeasurement = (event: Event) => {
    const arrivedAt = clock.now();
    const value = (event.target as GattCharacteristicLike).value;
    if (ended || !value) return;
    let packet: ReturnType<typeof parseHrmPacket>;
    try {
      packet = parseHrmPacket(value);
    } catch (e) {
      // reason: a packet the radio mangled is dropped on its own; the next one is read as usual.
      if (e instanceof HrmPacketError) return;
      throw e;
    }
    contact = packet.contact;
    if (packet.contact === false) return;
    if (packet.rrMs.length === 0) {
      if (!sawRr && ++packetsWithoutRr >= NO_RR_PACKETS) lose(new HeartSourceError('no-rr'));
      return;
    }
    sawRr = true;
    // An RR of 0 is no interval (seen from straps as filler); it would be an infinite heart rate.
    const intervals = packet.rrMs.filter((rr) => rr > 0);
    for (const beat of stampBeats(intervals, arrivedAt, lastAt)) {
      lastAt = beat.at;
      for (const listener of beatListeners) listener(beat);
    }
  };

  const readBattery = (value: DataView | null | undefined) => {
    // Battery Level (0x2A19) is one uint8 percentage; 101-255 are reserved.
    if (value && value.byteLength >= 1 && value.getUint8(0) <= 100) battery = value.getUint8(0);
  };
  const onBattery = (event: Event) => readBattery((event.target as GattCharacteristicLike).value);

  const followBattery = async (server: GattServerLike) => {
    try {
      const level = await (await server.getPrimaryService('battery_service')).getCharacteristic('battery_level');
      if (ended) return;
      batteryLevel?.removeEventListener('characteristicvaluechanged', onBattery);
      batteryLevel = level;
      level.addEventListener('characteristicvaluechanged', onBattery);
      readBattery(await level.readValue());
      if (level.properties?.notify) await level.startNotifications();
    } catch {
      // reason: the Battery Service is optional (many straps lack it or refuse a read); battery() stays as it was.
    }
  };

  const subscribe = async () => {
    const server = await gatt.connect();
    const next = await (await server.getPrimaryService('heart_rate')).getCharacteristic('heart_rate_measurement');
    measurement?.removeEventListener('characteristicvaluechanged', onMeasurement);
    measurement = next;
    next.addEventListener('characteristicvaluechanged', onMeasurement);
    await next.startNotifications();
    void followBattery(server);
  };

  const emit = (status: HeartSourceStatus) => {
    for (const listener of statusListeners) listener(status);
  };

  const release = () => {
    device.removeEventListener('gattserverdisconnected', onDisconnected);
    measurement?.removeEventListener('characteristicvaluechanged', onMeasurement);
    batteryLevel?.removeEventListener('characteristicvaluechanged', onBattery);
  };

  function lose(error: HeartSourceError) {
    if (ended) return;
    ended = true;
    release();
    gatt.disconnect();
    emit({ state: 'lost', error });
  }

  async function reconnectOnce() {
    reconnecting = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new HeartSourceError('disconnected', `no reconnection in ${RECONNECT_MS} ms`)), RECONNECT_MS);
    });
    try {
      await Promise.race([subscribe(), timeout]);
    } catch (e) {
      lose(new HeartSourceError('disconnected', errorText(e)));
    } finally {
      clearTimeout(timer);
      reconnecting = false;
    }
  }

  function onDisconnected() {
    if (!ended && !reconnecting) void reconnectOnce();
  }

  device.addEventListener('gattserverdisconnected', onDisconnected);
  try {
    await subscribe();
  } catch (e) {
    ended = true;
    release();
    gatt.disconnect();
    throw asSourceError(e);
  }

  return {
    kind: 'strap',
    deviceName: device.name ?? null,
    onBeat(listener) {
      beatListeners.add(listener);
      return () => beatListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    quality: () => (contact === null ? null : contact ? 1 : 0),
    battery: () => battery,
    stop() {
      stopping ??= (async () => {
        const wasEnded = ended;
        ended = true;
        release();
        if (!wasEnded && gatt.connected) {
          for (const characteristic of [measurement, batteryLevel]) {
            try {
              await characteristic?.stopNotifications();
            } catch {
              // reason: the strap may have gone in the meantime; the disconnect below ends its notifications anyway.
            }
          }
        }
        gatt.disconnect();
      })();
      return stopping;
    },
  };
}
