/**
 * A machine's states over a period as one bar of coloured segments, with the same story in words
 * beside it: each state's shape, word and time spent (the bar alone would be colour only).
 * @module
 */
import type { MachineState } from '@manufacto/firmware-profiles/contract';
import { formatAxisTime } from '../../lib/history-series.js';
import { formatDuration } from '../../lib/format.js';
import { secondsByState, type StateSegment } from '../../lib/state-timeline.js';
import { useI18n } from '../../models/context.js';
import { StateShape } from '../state-badge/index.js';
import styles from './style.module.css';

export interface StateTimelineProps {
  readonly segments: readonly StateSegment[];
  readonly from: number;
  readonly to: number;
}

export function StateTimeline({ segments, from, to }: StateTimelineProps) {
  const { t, locale } = useI18n();
  const lang = locale.value;
  if (segments.length === 0) return <p class={styles.empty}>{t('machine.timelineEmpty')}</p>;
  const span = to - from;
  const totals = [...secondsByState(segments)].sort((a, b) => b[1] - a[1]);
  const words = (state: MachineState, seconds: number) =>
    `${t(`state.${state}`)} ${formatDuration(seconds, lang)}`;
  return (
    <div class={styles.timeline}>
      <div
        class={styles.bar}
        role="img"
        aria-label={totals.map(([state, seconds]) => words(state, seconds)).join(', ')}
        data-role="state-timeline"
      >
        {segments.map((s) => (
          <span
            key={s.start}
            class={styles.segment}
            data-state={s.state}
            style={{
              left: `${((s.start - from) / span) * 100}%`,
              width: `${((s.end - s.start) / span) * 100}%`,
            }}
            title={`${t(`state.${s.state}`)} · ${formatAxisTime(s.start, span, lang)}–${formatAxisTime(s.end, span, lang)}`}
          />
        ))}
      </div>
      <div class={styles.ends} aria-hidden="true">
        <span>{formatAxisTime(from, span, lang)}</span>
        <span>{formatAxisTime(to, span, lang)}</span>
      </div>
      <ul class={styles.legend}>
        {totals.map(([state, seconds]) => (
          <li key={state} data-state={state}>
            <StateShape state={state} />
            {words(state, seconds)}
          </li>
        ))}
      </ul>
    </div>
  );
}
