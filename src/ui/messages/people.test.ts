import { afterEach, describe, expect, it } from 'vitest';
import { dict as de } from '../../i18n/de/index.ts';
import { dict as en } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import type { PresentMember } from '../../room/presence.ts';
import { dict as es } from '../../i18n/es/index.ts';
import {
  fieldFacesWords,
  initials,
  peopleInOrder,
  peopleListLabel,
  personScoreWords,
  personStateWords,
  presenceCountsWords,
} from './people.ts';

const person = (memberId: string, name: string, me = false): PresentMember => ({
  memberId,
  name,
  me,
  pressed: false,
  breathing: false,
  score: null,
  colour: 0,
});

afterEach(() => useDictionary('en', en));

describe('people words', () => {
  it('count who is here, breathing and pressing on one line, and name the list with a plural', () => {
    expect(presenceCountsWords({ here: 12, breathing: 9, pressing: 4 })).toBe('12 here · 9 breathing · 4 pressing');
    expect(peopleListLabel(1)).toBe('1 person in the room');
    expect(peopleListLabel(200)).toBe('200 people in the room');
  });

  it("say what each person does, pressing before breathing, and the person's own score", () => {
    expect(personStateWords({ pressed: true, breathing: true })).toBe('pressing');
    expect(personStateWords({ pressed: false, breathing: true })).toBe('breathing along');
    expect(personStateWords({ pressed: false, breathing: false })).toBe('');
    expect(personScoreWords(72)).toBe('coherence 72');
    expect(personScoreWords(null)).toBe('');
  });

  it('list you first, then by the name shown ignoring case and accents, numbers by value, ties by id', () => {
    const shown = peopleInOrder([
      person('z', 'zoë'),
      person('b2', 'Bo'),
      person('x', ''),
      person('m10', 'Mat 10'),
      person('me', 'Zed', true),
      person('a', 'ada'),
      person('m2', 'Mat 2'),
      person('e', 'Émile'),
      person('b1', 'bo'),
      person('y', 'Ann'),
    ]);
    expect(shown.map((m) => m.memberId)).toEqual(['me', 'a', 'y', 'b1', 'b2', 'e', 'm2', 'm10', 'x', 'z']);
  });

  it('count and name people in the showing language, plurals included', () => {
    useDictionary('de', de);
    expect(presenceCountsWords({ here: 12, breathing: 1, pressing: 4 })).toBe('12 hier · 1 atmet mit · 4 drücken');
    expect(peopleListLabel(1)).toBe('1 Person im Raum');
    expect(peopleListLabel(200)).toBe('200 Personen im Raum');
    expect(personStateWords({ pressed: false, breathing: true })).toBe('atmet mit');
    expect(personScoreWords(72)).toBe('Kohärenz 72');
  });

  it('count a field in thousands the language’s way, and name its faces in one sentence', () => {
    expect(presenceCountsWords({ here: 10_000, breathing: 6210, pressing: 1 })).toBe('10,000 here · 6,210 breathing · 1 pressing');
    expect(fieldFacesWords([])).toBe('');
    expect(
      fieldFacesWords([
        { name: 'Ada', me: false },
        { name: '', me: false },
        { name: 'Bo', me: true },
      ]),
    ).toBe('Among those here: Ada, Someone and Bo (you).');
    useDictionary('de', de);
    expect(presenceCountsWords({ here: 10_000, breathing: 1, pressing: 2 })).toBe('10.000 hier · 1 atmet mit · 2 drücken');
    expect(
      fieldFacesWords([
        { name: 'Ada', me: false },
        { name: 'Bo', me: false },
      ]),
    ).toBe('Unter den Anwesenden: Ada und Bo.');
    useDictionary('es', es);
    expect(presenceCountsWords({ here: 10_000, breathing: 1, pressing: 2 })).toBe('10.000 aquí · 1 respirando · 2 pulsando');
  });

  it('give a face the first letters of the first and last words of its name', () => {
    expect(initials('Ada Okafor')).toBe('AO');
    expect(initials('  émile  ')).toBe('É');
    expect(initials('Carmen de la Ó Briain')).toBe('CB');
    expect(initials('Bjørn')).toBe('B');
    expect(initials('')).toBe('');
    // A letter outside the Basic Multilingual Plane stays whole.
    expect(initials('𝒜da Lo')).toBe('𝒜L');
  });
});
