/** What a session sounds like: tones at each phase change. */
import { t } from '../i18n/index.ts';
import { useApp } from './state.tsx';

export function SoundOptions() {
  const app = useApp();
  return (
    <label>
      <input
        type="checkbox"
        checked={app.settings().tones}
        onChange={(e) => void app.settings.update({ tones: e.currentTarget.checked })}
      />
      {t('sound.tones')}
    </label>
  );
}
