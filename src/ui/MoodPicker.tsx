/** A 1-5 mood choice as a radio group; choosing nothing is fine. */
import { For } from 'solid-js';
import type { Mood } from '../core/journal.ts';

export const MOOD_LABELS: Record<Mood, string> = { 1: 'very low', 2: 'low', 3: 'okay', 4: 'good', 5: 'very good' };

export function MoodPicker(props: { legend: string; name: string; value: Mood | undefined; onChange(mood: Mood | undefined): void }) {
  return (
    <fieldset class="mood-picker">
      <legend>{props.legend}</legend>
      <For each={[1, 2, 3, 4, 5] as Mood[]}>
        {(m) => (
          <label>
            <input type="radio" name={props.name} value={m} checked={props.value === m} onChange={() => props.onChange(m)} />
            <span>
              {m} <span class="hint">{MOOD_LABELS[m]}</span>
            </span>
          </label>
        )}
      </For>
      <button type="button" class="link-button" onClick={() => props.onChange(undefined)} disabled={props.value === undefined}>
        Clear
      </button>
    </fieldset>
  );
}
