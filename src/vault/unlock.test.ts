/** The wait before an unlock is checked: the time since the last wrong try here counts towards it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openVault } from './vault.ts';

const PASS = 'a long, memorable passphrase';
let n = 0;

afterEach(() => vi.restoreAllMocks());

describe('unlock wait', () => {
  it('waits only what is left of the delay after the last wrong try, in whole seconds; a reopened vault waits it all', async () => {
    const waits: number[] = [];
    const name = `unlock-test-${++n}`;
    const vault = await openVault({ dbName: name, sleep: async (ms) => void waits.push(ms) });
    const pending = await vault.preparePassphrase(PASS);
    await vault.confirmPassphrase(PASS, pending, pending.recoveryKey);
    vault.lock();
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const wrong = () => vault.unlock('not the passphrase').catch(() => undefined);
    for (let i = 0; i < 4; i++) await wrong();
    // The fourth try waited a second; the fifth would wait two.
    expect(waits).toEqual([0, 0, 0, 1000]);
    now += 500;
    await wrong();
    expect(waits.at(-1)).toBe(2000); // 1.5 s left, rounded up as the countdown shows it
    now += 4000;
    await vault.unlock(PASS);
    expect(waits.at(-1)).toBe(0); // the 4 s were waited out already
    vault.lock();
    for (let i = 0; i < 4; i++) await wrong();
    vault.close();
    const again = await openVault({ dbName: name, sleep: async (ms) => void waits.push(ms) });
    await again.unlock(PASS);
    expect(waits.at(-1)).toBe(2000); // nothing known of when the last wrong try was: the whole wait
    again.close();
  });
});
