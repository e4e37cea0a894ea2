/** The heart's figures as a person reads them: the status line, a coherence level, numbers in the showing language. */
import type { HeartSourceKind } from '../../core/heart/beat.ts';
import type { HeartErrorCode } from '../../heart/source.ts';
import type { HeartStoreStatus } from '../../heart/store.ts';
import { formatNumber } from '../../i18n/format.ts';
import { t } from '../../i18n/index.ts';

/** Below this camera quality the person is asked to hold still and cover the lens (source.ts). */
export const LOW_QUALITY = 0.5;

/** Where a coherence score (0-100) lies: the word shown beside it. */
export type CoherenceLevel = 'low' | 'medium' | 'high';

/** The level of a coherence score: thirds of the 0-100 scale. */
export function coherenceLevel(score: number): CoherenceLevel {
  return score < 34 ? 'low' : score < 67 ? 'medium' : 'high';
}

/** Whether this browser has Web Bluetooth at all (the strap needs it). */
export function hasWebBluetooth(): boolean {
  // reason: Web Bluetooth is not in TypeScript's DOM types
  return typeof navigator !== 'undefined' && (navigator as Navigator & { bluetooth?: unknown }).bluetooth !== undefined;
}

/** What the store's state reads as on the status line. */
export function statusWords(
  status: HeartStoreStatus,
  source: HeartSourceKind | null,
  error: HeartErrorCode | null,
  deviceName: string | null,
  battery: number | null,
): string {
  if (status === 'idle') return t('heart.status.idle');
  if (status === 'starting') return source === 'strap' ? t('heart.status.startingStrap') : t('heart.status.startingCamera');
  if (status === 'lost') return t('heart.status.lost', t(`heart.error.${error ?? 'failed'}`));
  const what = source === 'strap' ? t('heart.status.runningStrap') : t('heart.status.runningCamera');
  const name = deviceName ? t('heart.status.device', deviceName) : '';
  const charge = battery === null ? '' : t('heart.status.battery', formatNumber(battery / 100, { style: 'percent' }));
  return `${what}${name}${charge}`;
}

/** A whole number in the showing language. */
export const whole = (x: number): string => formatNumber(Math.round(x));
/** A number with one decimal (rates, bpm swings). */
export const oneDecimal = (x: number): string => formatNumber(x, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
