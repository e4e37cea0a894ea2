/**
 * One flow through a relay other than the default Node server (the Worker in workerd, the Deno
 * relay), so each runtime's spec checks the same thing: the built app loads under the CSP with every
 * glyph from the relay's own gateway, a room opened in two browsers connects through it, its host
 * starts and ends a session for both, and deletes the room.
 */
import type { Browser } from '@playwright/test';
import catalog from '../public/glyphs/catalog.json' with { type: 'json' };
import { allGlyphsShown, cspViolations, expect, nameInRoom, openPanel, openRoom } from './fixtures.ts';

/** Runs the flow against the relay at `url`, in two browser contexts of its own. */
export async function roomThroughRelay(browser: Browser, url: string): Promise<void> {
  const [ca, cb] = [await browser.newContext(), await browser.newContext()];
  try {
    const violations = [cspViolations(ca), cspViolations(cb)];
    const [a, b] = [await ca.newPage(), await cb.newPage()];
    await a.goto(url);
    await allGlyphsShown(a, catalog.glyphs.length + 1); // the pack and the suggestion

    await openRoom(a, url, 'Ada');
    // The shared link, opened fresh in another browser: the relay serves the app for it.
    await b.goto(a.url());
    await nameInRoom(b, 'Bo');
    await expect(a.getByTestId('members')).toContainText('Bo');
    await expect(b.getByTestId('members')).toContainText('Ada');

    // The host ends a session for both, then deletes the room (the relay's storage of it goes too).
    await a.getByRole('button', { name: 'Start for everyone' }).click();
    await expect(b.getByTestId('room-phase')).toHaveText(/Get ready|Inhale/);
    await a.getByRole('button', { name: 'End for everyone' }).click();
    await expect(b.getByTestId('room-phase')).toHaveText('Session over');
    await openPanel(a, 'Lead');
    await a.getByRole('button', { name: 'Delete this room…' }).click();
    await a.getByRole('alertdialog').getByRole('button', { name: 'Delete for everyone' }).click();
    for (const page of [a, b]) await expect(page.getByTestId('room-gone')).toContainText('This room was deleted');
    expect(violations.flat(), 'CSP violations').toEqual([]);
  } finally {
    await Promise.all([ca.close(), cb.close()]);
  }
}
