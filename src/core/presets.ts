/** The patterns that ship with the app. */
import type { Pattern, PatternId } from './pattern.ts';

const id = (s: string) => `preset:${s}` as PatternId;
// 5.5 breaths a minute: a 10.909 s cycle split evenly (the "resonance" rate in HRV literature).
const resonanceHalf = 60 / 5.5 / 2;

/**
 * At least six presets; ids are stable because stored settings and rooms refer to them. Each name is
 * the English one a session stores; screens show a preset's name and purpose in the person's language
 * by its id (ui/messages/patterns.ts).
 */
export const PRESETS: readonly Pattern[] = [
  {
    id: id('coherent'),
    name: 'Coherent 5.5',
    phases: [
      { kind: 'inhale', seconds: resonanceHalf },
      { kind: 'exhale', seconds: resonanceHalf },
    ],
    length: { unit: 'minutes', value: 10 },
    preset: true,
  },
  {
    id: id('six'),
    name: 'Six a minute 4:6',
    phases: [
      { kind: 'inhale', seconds: 4 },
      { kind: 'exhale', seconds: 6 },
    ],
    length: { unit: 'minutes', value: 10 },
    preset: true,
  },
  {
    id: id('box'),
    name: 'Box 4-4-4-4',
    phases: [
      { kind: 'inhale', seconds: 4 },
      { kind: 'hold', seconds: 4 },
      { kind: 'exhale', seconds: 4 },
      { kind: 'hold', seconds: 4 },
    ],
    length: { unit: 'minutes', value: 5 },
    preset: true,
  },
  {
    id: id('478'),
    name: 'Relaxing 4-7-8',
    phases: [
      { kind: 'inhale', seconds: 4 },
      { kind: 'hold', seconds: 7 },
      { kind: 'exhale', seconds: 8 },
    ],
    length: { unit: 'cycles', value: 4 },
    preset: true,
  },
  {
    id: id('sigh'),
    name: 'Physiological sigh',
    phases: [
      { kind: 'inhale', seconds: 2 },
      { kind: 'inhale', seconds: 1, label: 'Top-up inhale' },
      { kind: 'exhale', seconds: 6 },
    ],
    length: { unit: 'minutes', value: 5 },
    preset: true,
  },
  {
    id: id('extended-exhale'),
    name: 'Long exhale 4:8',
    phases: [
      { kind: 'inhale', seconds: 4 },
      { kind: 'exhale', seconds: 8 },
    ],
    length: { unit: 'minutes', value: 5 },
    preset: true,
  },
  {
    id: id('triangle'),
    name: 'Triangle 4-4-4',
    phases: [
      { kind: 'inhale', seconds: 4 },
      { kind: 'hold', seconds: 4 },
      { kind: 'exhale', seconds: 4 },
    ],
    length: { unit: 'minutes', value: 5 },
    preset: true,
  },
];

/** The preset shown first. */
export const DEFAULT_PATTERN = PRESETS[0]!;
