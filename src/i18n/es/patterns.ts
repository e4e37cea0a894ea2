import type { Dict } from '../en/index.ts';

export const patterns: Dict['patterns'] = {
  preset: {
    coherent: { name: 'Coherente 5,5', purpose: 'calma y equilibrio' },
    six: { name: 'Seis por minuto 4:6', purpose: 'atención serena' },
    box: { name: 'Cuadrada 4-4-4-4', purpose: 'foco bajo estrés' },
    relaxing: { name: 'Relajante 4-7-8', purpose: 'dormir' },
    sigh: { name: 'Suspiro fisiológico', purpose: 'alivio rápido', topUp: 'Segunda inhalación' },
    longExhale: { name: 'Exhalación larga 4:8', purpose: 'soltar el día' },
    triangle: { name: 'Triángulo 4-4-4', purpose: 'energía suave' },
  },
  phase: { inhale: 'Inhala', hold: 'Retén', exhale: 'Exhala', rest: 'Descansa' },
};
