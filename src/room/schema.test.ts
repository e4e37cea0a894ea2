import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PRESETS } from '../core/presets.ts';
import {
  ChangeTooLargeError,
  claimHost,
  createdAtOf,
  holdsRoom,
  hostOf,
  isLocked,
  membersMap,
  readGlyph,
  readPacer,
  readPlannedPattern,
  setHost,
  writeGlyph,
  writeLocked,
  writeName,
  writePacer,
  writePlannedPattern,
} from './schema.ts';

const box = PRESETS.find((p) => p.id === 'preset:box')!;
const session = { id: 's1', pattern: box, startAt: 123, by: 'ada', pausedAt: null, endedAt: null };

describe('room document', () => {
  it('keeps the first host and when it was claimed, one name per member, and a valid pacer', () => {
    const doc = new Y.Doc();
    expect(holdsRoom(doc)).toBe(false);
    claimHost(doc, 'ada', 1_000.4);
    claimHost(doc, 'bo', 2_000);
    expect(hostOf(doc)).toBe('ada');
    expect(createdAtOf(doc)).toBe(1_000);
    expect(holdsRoom(doc)).toBe(true);
    setHost(doc, 'bo');
    expect(hostOf(doc)).toBe('bo');
    writeName(doc, 'ada', '  Ada  ');
    writeName(doc, 'bo', 'B'.repeat(100));
    expect(membersMap(doc).get('ada')).toEqual({ name: 'Ada' });
    expect(membersMap(doc).get('bo')!.name).toHaveLength(40);
    writePacer(doc, { ...session, pausedAt: 500 });
    expect(readPacer(doc)).toMatchObject({
      id: 's1',
      startAt: 123,
      by: 'ada',
      pausedAt: 500,
      endedAt: null,
      pattern: { name: 'Box 4-4-4-4' },
    });
  });

  it('reads a pacer from an earlier version (no id, no pause) as a running session', () => {
    const doc = new Y.Doc();
    doc.getMap('room').set('pacer', { pattern: box, startAt: 77, by: 'ada' });
    expect(readPacer(doc)).toMatchObject({ id: 'at-77', pausedAt: null, endedAt: null });
  });

  it('ignores a pacer or pattern that does not validate, and refuses a change too large to share', () => {
    const doc = new Y.Doc();
    const room = doc.getMap('room');
    room.set('pacer', { pattern: { name: 'x', phases: [] }, startAt: 1, by: 'ada' });
    expect(readPacer(doc)).toBeNull();
    room.set('pacer', { ...session, pausedAt: 'soon' });
    expect(readPacer(doc)).toBeNull();
    room.set('pacer', { ...session, startAt: Number.NaN });
    expect(readPacer(doc)).toBeNull();
    room.set('pacer', 'nonsense');
    expect(readPacer(doc)).toBeNull();
    const huge = { ...box, name: 'x'.repeat(70_000) };
    expect(() => writePacer(doc, { ...session, pattern: huge })).toThrow(ChangeTooLargeError);
    expect(() => writePlannedPattern(doc, huge)).toThrow(ChangeTooLargeError);
    room.set('pattern', { name: 1 });
    expect(readPlannedPattern(doc)).toBeNull();
    room.set('host', 42);
    expect(hostOf(doc)).toBeUndefined();
  });

  it('keeps the planned pattern, the lock and the guide', () => {
    const doc = new Y.Doc();
    expect(readPlannedPattern(doc)).toBeNull();
    expect(isLocked(doc)).toBe(false);
    expect(readGlyph(doc)).toBeNull();
    writePlannedPattern(doc, box);
    writeLocked(doc, true);
    writeGlyph(doc, 'bafkreiabc');
    expect(readPlannedPattern(doc)?.name).toBe('Box 4-4-4-4');
    expect(isLocked(doc)).toBe(true);
    expect(readGlyph(doc)).toBe('bafkreiabc');
    expect(() => writeGlyph(doc, 'x'.repeat(200))).toThrow(ChangeTooLargeError);
    doc.getMap('room').set('glyph', 'y'.repeat(500));
    expect(readGlyph(doc)).toBeNull();
  });
});
