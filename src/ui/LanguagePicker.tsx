/**
 * The language picker: the browser's choice or one of ours, each named in itself. The words change
 * as soon as the new dictionary arrives (precached, so offline too); the choice is kept only once
 * it did, so a language that cannot load leaves the words and the setting as they were.
 */
import { createSignal, For, Show } from 'solid-js';
import { loadLocale, t } from '../i18n/index.ts';
import { ENDONYMS, isLanguage, LANGUAGES, pickLanguage, type LanguageChoice } from '../core/languages.ts';
import { useApp } from './state.tsx';

export function LanguagePicker() {
  const app = useApp();
  const [failed, setFailed] = createSignal(false);
  const choose = async (choice: LanguageChoice) => {
    setFailed(false);
    try {
      // Kept only if it is the one showing: a slower earlier choice must not overwrite a later one.
      if (await loadLocale(choice === 'auto' ? pickLanguage(navigator.languages) : choice)) await app.settings.update({ language: choice });
    } catch (error) {
      // reason: the dictionary's chunk did not arrive (offline before the service worker had it); said below
      console.error('language not loaded', error);
      setFailed(true);
    }
  };
  return (
    <>
      <label>
        {t('common.language')}
        <select
          value={app.settings().language}
          onChange={(e) => {
            const value = e.currentTarget.value;
            void choose(isLanguage(value) ? value : 'auto');
          }}
        >
          <option value="auto">{t('common.languageAuto', ENDONYMS[pickLanguage(navigator.languages)])}</option>
          <For each={LANGUAGES}>
            {(language) => (
              <option value={language} lang={language}>
                {ENDONYMS[language]}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={failed()}>
        <p role="alert" class="hint">
          {t('common.languageNotLoaded')}
        </p>
      </Show>
    </>
  );
}
