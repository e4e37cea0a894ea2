/** Create or edit a custom pattern. Validation is the core's; this form only collects and shows. */
import { useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, Index, Show } from 'solid-js';
import { InvalidPatternError, LIMITS, PHASE_KINDS, type Pattern, type Phase, type PhaseKind, type SessionLength } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import { formatNumber } from '../i18n/format.ts';
import { t } from '../i18n/index.ts';
import { newPatternId } from '../local/store.ts';
import { describeError } from './messages/index.ts';
import { patternName, phaseName, phaseWord, problemWords } from './messages/patterns.ts';
import { useApp } from './state.tsx';
import './patterns.css';

const BLANK: Omit<Pattern, 'id'> = {
  name: '',
  phases: [
    { kind: 'inhale', seconds: 4 },
    { kind: 'exhale', seconds: 6 },
  ],
  length: { unit: 'minutes', value: 5 },
};

function PatternForm(props: { initial: Pattern; isNew: boolean; from: string }) {
  const app = useApp();
  const navigate = useNavigate();
  const [name, setName] = createSignal(props.initial.name);
  const [phases, setPhases] = createSignal<Phase[]>([...props.initial.phases]);
  const [length, setLength] = createSignal<SessionLength>(props.initial.length);
  const [problems, setProblems] = createSignal<readonly string[]>([]);
  // A refusal that is not the pattern's fault (storage): one sentence, not an item in the list of problems.
  const [failure, setFailure] = createSignal('');

  const setPhase = (i: number, patch: Partial<Phase>) =>
    setPhases((ps) =>
      ps.map((p, j) => {
        if (j !== i) return p;
        // A label names a kind of phase ("Top-up inhale"); a new kind drops it.
        const { label, ...rest } = { ...p, ...patch };
        return patch.kind && patch.kind !== p.kind ? rest : label ? { ...rest, label } : rest;
      }),
    );

  // The move buttons of each row, so focus can follow a phase as it moves (keyboard reordering).
  const moveButtons: { up?: HTMLButtonElement; down?: HTMLButtonElement }[] = [];
  const move = (i: number, by: -1 | 1) => {
    const to = i + by;
    setPhases((ps) => {
      if (to < 0 || to >= ps.length) return ps;
      const next = [...ps];
      [next[i], next[to]] = [next[to]!, next[i]!];
      return next;
    });
    // At either end the same direction is disabled: focus goes to the other button of the row.
    const buttons = moveButtons[to];
    const same = by < 0 ? buttons?.up : buttons?.down;
    (same && !same.disabled ? same : by < 0 ? buttons?.down : buttons?.up)?.focus();
  };

  const [startFrom, setStartFrom] = createSignal(props.from);
  const autoName = (p: Pattern) => t('patterns.editor.copyName', patternName(p));
  const start = (id: string) => {
    const preset = PRESETS.find((p) => p.id === id);
    const base = preset ?? BLANK;
    const previous = PRESETS.find((p) => p.id === startFrom());
    // A name the person typed stays; one this choice wrote follows the new choice.
    if (name().trim() === '' || (previous && name() === autoName(previous))) setName(preset ? autoName(preset) : '');
    setPhases([...base.phases]);
    setLength(base.length);
    setStartFrom(id);
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    try {
      await app.patterns.save({ id: props.initial.id, name: name(), phases: phases(), length: length() });
    } catch (error) {
      const invalid = error instanceof InvalidPatternError;
      setProblems(invalid ? error.problems.map(problemWords) : []);
      setFailure(invalid ? '' : describeError(error));
      return;
    }
    navigate('/patterns');
  };

  return (
    <form class="pattern-form" onSubmit={(e) => void save(e)} novalidate>
      <h1>{props.isNew ? t('patterns.editor.newTitle') : t('patterns.editor.editTitle', patternName(props.initial))}</h1>
      <Show when={problems().length > 0}>
        <div class="form-errors" role="alert">
          <p>{t('patterns.editor.cannotSave')}</p>
          <ul>
            <For each={problems()}>{(p) => <li>{p}</li>}</For>
          </ul>
        </div>
      </Show>
      <Show when={failure()}>
        <p class="form-error" role="alert">
          {failure()}
        </p>
      </Show>
      <Show when={props.isNew}>
        <label class="field">
          {t('patterns.editor.startFrom')}
          <select value={startFrom()} onChange={(e) => start(e.currentTarget.value)}>
            <option value="">{t('patterns.editor.blank')}</option>
            <For each={PRESETS}>{(p) => <option value={p.id}>{patternName(p)}</option>}</For>
          </select>
        </label>
      </Show>
      <label class="field">
        {t('patterns.editor.name')}
        <input name="name" value={name()} maxlength={LIMITS.maxNameLength} required onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>{t('patterns.editor.phases')}</legend>
        <ol class="phase-rows">
          <Index each={phases()}>
            {(phase, i) => (
              <li>
                <label class="phase-kind">
                  <span class="visually-hidden">{t('patterns.editor.phaseKind', formatNumber(i + 1))}</span>
                  <select value={phase().kind} onChange={(e) => setPhase(i, { kind: e.currentTarget.value as PhaseKind })}>
                    <For each={PHASE_KINDS}>{(k) => <option value={k}>{phaseWord(k)}</option>}</For>
                  </select>
                </label>
                <label class="phase-seconds">
                  <span class="visually-hidden">{t('patterns.editor.phaseSeconds', formatNumber(i + 1))}</span>
                  <input
                    type="number"
                    inputmode="decimal"
                    min={LIMITS.minPhaseSeconds}
                    max={LIMITS.maxPhaseSeconds}
                    step={LIMITS.minPhaseSeconds}
                    value={phase().seconds}
                    onInput={(e) => setPhase(i, { seconds: e.currentTarget.valueAsNumber })}
                  />
                  <span aria-hidden="true">{t('patterns.editor.secondsUnit')}</span>
                </label>
                <Show when={phase().label}>
                  <span class="phase-label">{t('patterns.editor.label', phaseName(phase()))}</span>
                </Show>
                <span class="phase-actions">
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={t('patterns.editor.moveUpNamed', formatNumber(i + 1))}
                    title={t('patterns.editor.moveUp')}
                    disabled={i === 0}
                    ref={(el) => {
                      moveButtons[i] = { ...moveButtons[i], up: el };
                    }}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={t('patterns.editor.moveDownNamed', formatNumber(i + 1))}
                    title={t('patterns.editor.moveDown')}
                    disabled={i === phases().length - 1}
                    ref={(el) => {
                      moveButtons[i] = { ...moveButtons[i], down: el };
                    }}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={t('patterns.editor.removeNamed', formatNumber(i + 1))}
                    title={t('patterns.editor.remove')}
                    onClick={() => setPhases((ps) => ps.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </span>
              </li>
            )}
          </Index>
        </ol>
        <p class="hint">{t('patterns.editor.minSeconds', formatNumber(LIMITS.minPhaseSeconds))}</p>
        <button
          type="button"
          disabled={phases().length >= LIMITS.maxPhases}
          onClick={() => setPhases((ps) => [...ps, { kind: 'hold', seconds: 2 }])}
        >
          {t('patterns.editor.addPhase')}
        </button>
      </fieldset>
      <fieldset class="length">
        <legend>{t('patterns.editor.length')}</legend>
        <label>
          <span class="visually-hidden">{t('patterns.editor.lengthValue')}</span>
          <input
            type="number"
            min="1"
            step="1"
            value={length().value}
            onInput={(e) => setLength({ unit: length().unit, value: e.currentTarget.valueAsNumber })}
          />
        </label>
        <label>
          <span class="visually-hidden">{t('patterns.editor.unit')}</span>
          <select
            value={length().unit}
            onChange={(e) => setLength({ unit: e.currentTarget.value as SessionLength['unit'], value: length().value })}
          >
            <option value="minutes">{t('patterns.editor.minutes')}</option>
            <option value="cycles">{t('patterns.editor.cycles')}</option>
          </select>
        </label>
      </fieldset>
      <div class="controls">
        <button type="submit" class="primary">
          {t('patterns.editor.save')}
        </button>
        <button type="button" onClick={() => navigate('/patterns')}>
          {t('patterns.editor.cancel')}
        </button>
      </div>
    </form>
  );
}

export function PatternEditorPage() {
  const app = useApp();
  const params = useParams<{ id?: string }>();
  const [search] = useSearchParams<{ from?: string }>();
  const [initial] = createResource(
    () => params.id ?? `new:${search.from ?? ''}`,
    async (): Promise<Pattern | null> => {
      if (params.id) return (await app.patterns.get(params.id)) ?? null;
      const from = PRESETS.find((p) => p.id === search.from);
      const base = from ? { name: t('patterns.editor.copyName', patternName(from)), phases: from.phases, length: from.length } : BLANK;
      return { ...base, id: newPatternId() };
    },
  );
  return (
    <Show when={!initial.loading} fallback={<p>{t('patterns.editor.loading')}</p>}>
      <Show when={initial()} fallback={<p role="alert">{t('patterns.editor.missing')}</p>}>
        {(p) => <PatternForm initial={p()} isNew={!params.id} from={PRESETS.some((s) => s.id === search.from) ? search.from! : ''} />}
      </Show>
    </Show>
  );
}
