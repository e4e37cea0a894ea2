import type { Dict } from '../en/index.ts';

export const patterns: Dict['patterns'] = {
  preset: {
    coherent: { name: 'Kohärent 5,5', purpose: 'Ruhe und Ausgleich' },
    six: { name: 'Sechs pro Minute 4:6', purpose: 'ruhiger Fokus' },
    box: { name: 'Box 4-4-4-4', purpose: 'Fokus unter Stress' },
    relaxing: { name: 'Entspannung 4-7-8', purpose: 'Schlaf' },
    sigh: { name: 'Physiologischer Seufzer', purpose: 'schnelle Entlastung', topUp: 'Nachatmen' },
    longExhale: { name: 'Langes Ausatmen 4:8', purpose: 'zur Ruhe kommen' },
    triangle: { name: 'Dreieck 4-4-4', purpose: 'sanfte Energie' },
  },
  phase: { inhale: 'Einatmen', hold: 'Halten', exhale: 'Ausatmen', rest: 'Ruhen' },
};
