/** A 1-5 mood choice as a radio group; choosing nothing is fine. */
import { For } from 'solid-js';
import type { Mood } from '../core/journal.ts';
import { t } from '../i18n/index.ts';

/** Each mood's word, in the showing language. */
const MOOD_WORDS: Record<Mood, () => string> = {
  1: () => t('journal.mood.veryLow'),
  2: () => t('journal.mood.low'),
  3: () => t('journal.mood.okay'),
  4: () => t('journal.mood.good'),
  5: () => t('journal.mood.veryGood'),
};

/** A mood in words ("very low" … "very good"), in the showing language. */
export const moodName = (mood: Mood): string => MOOD_WORDS[mood]();

export function MoodPicker(props: { legend: string; name: string; value: Mood | undefined; onChange(mood: Mood | undefined): void }) {
  return (
    <fieldset class="mood-picker">
      <legend>{props.legend}</legend>
      <For each={[1, 2, 3, 4, 5] as Mood[]}>
        {(m) => (
          <label>
            <input type="radio" name={props.name} value={m} checked={props.value === m} onChange={() => props.onChange(m)} />
            <span>
              {m} <span class="hint">{moodName(m)}</span>
            </span>
          </label>
        )}
      </For>
      <button type="button" class="link-button" onClick={() => props.onChange(undefined)} disabled={props.value === undefined}>
        {t('journal.mood.clear')}
      </button>
    </fieldset>
  );
}
