import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PRESETS } from '../core/presets.ts';
import { ChangeTooLargeError, claimHost, hostOf, membersMap, readPacer, writeName, writePacer } from './schema.ts';

describe('room document', () => {
  it('keeps the first host, one name per member, and a valid pacer', () => {
    const doc = new Y.Doc();
    claimHost(doc, 'ada');
    claimHost(doc, 'bo');
    expect(hostOf(doc)).toBe('ada');
    writeName(doc, 'ada', '  Ada  ');
    writeName(doc, 'bo', 'B'.repeat(100));
    expect(membersMap(doc).get('ada')).toEqual({ name: 'Ada' });
    expect(membersMap(doc).get('bo')!.name).toHaveLength(40);
    writePacer(doc, { pattern: PRESETS[2]!, startAt: 123, by: 'ada' });
    expect(readPacer(doc)).toMatchObject({ startAt: 123, by: 'ada', pattern: { name: 'Box 4-4-4-4' } });
  });

  it('ignores a pacer that does not validate, and refuses a change too large to share', () => {
    const doc = new Y.Doc();
    doc.getMap('room').set('pacer', { pattern: { name: 'x', phases: [] }, startAt: 1, by: 'ada' });
    expect(readPacer(doc)).toBeNull();
    const huge = { ...PRESETS[0]!, name: 'x'.repeat(70_000) };
    expect(() => writePacer(doc, { pattern: huge, startAt: 1, by: 'ada' })).toThrow(ChangeTooLargeError);
    expect(readPacer(doc)).toBeNull();
  });
});
