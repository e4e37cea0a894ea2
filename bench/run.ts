/** `npm run bench`: prints the figures; never pass/fail. Builds first (see package.json). */
import { resolve } from 'node:path';
import { printBundle } from './bundle-size.ts';
import { printDrift } from './pacer-drift.ts';
import { printGlyphs } from './glyphs.ts';
import { printJournal } from './journal.ts';
import { printLighthouse } from './lighthouse.ts';
import { printRelayDisk } from './relay-disk.ts';
import { printRelayFuzz } from './relay-fuzz.ts';
import { printRelayLoad } from './relay-load.ts';
import { printRoomHeap } from './room-heap.ts';
import { printRoomPeople } from './room-people.ts';

console.log(`# Sacred Breathing benchmarks (node ${process.version})`);
printBundle(resolve('dist'));
await printLighthouse(resolve('dist'));
printDrift();
(await import('./audio-onset.ts')).printAudioOnset();
await (await import('./audio-browser.ts')).printAudioBrowser(resolve('dist'));
await printJournal();
await printGlyphs();
await printRelayLoad();
printRoomHeap();
await printRoomPeople(resolve('dist'));
await printRelayFuzz();
await printRelayDisk();
