/**
 * A machine's readings over time (temperatures, power…) drawn with uPlot: one line per metric,
 * one axis per unit (the first two units get a drawn axis, left and right), dashes as well as
 * colours to tell the lines apart, and the extremes in words beside the canvas (a canvas says
 * nothing to a screen reader). uPlot is imported here only, so it comes with the machine page's
 * chunk, never in the first download.
 * @module
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MessageKey } from '../../i18n/index.js';
import {
  drawnFields,
  formatAxisTime,
  formatSummary,
  summarise,
  unitOf,
} from '../../lib/history-series.js';
import { formatNumber } from '../../lib/format.js';
import { useI18n } from '../../models/context.js';
import styles from './style.module.css';

/** Line colours readable on the dark and the light background, each with its own dash. */
const LINES = [
  { stroke: '#f2b134', dash: undefined },
  { stroke: '#4ba3ff', dash: [8, 5] },
  { stroke: '#3fc27e', dash: [2, 4] },
  { stroke: '#ff6b5e', dash: [12, 4, 2, 4] },
  { stroke: '#a88bf0', dash: [4, 4] },
] as const;

export interface ReadingsChartProps {
  readonly times: readonly number[];
  readonly values: Readonly<Record<string, ReadonlyArray<number | null>>>;
  readonly from: number;
  readonly to: number;
}

const fieldLabel = (t: (key: MessageKey) => string, field: string): string => {
  const key = `field.${field}` as MessageKey;
  const words = t(key);
  return words === key ? field : words;
};

export function ReadingsChart({ times, values, from, to }: ReadingsChartProps) {
  const { t, locale } = useI18n();
  const lang = locale.value;
  const box = useRef<HTMLDivElement>(null);
  const fields = drawnFields(values);

  useEffect(() => {
    const el = box.current;
    if (!el || fields.length === 0) return;
    const units = [...new Set(fields.map(unitOf))];
    const axisColor = getComputedStyle(el).color;
    const grid = { stroke: 'rgba(127,127,127,0.25)', width: 1 };
    const chart = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: Math.max(200, Math.min(360, Math.round(el.clientWidth * 0.45))),
        ms: 1,
        scales: { x: { time: true, min: from, max: to } },
        series: [
          {
            label: t('machine.time'),
            value: (_u, ms) => (ms == null ? '—' : formatAxisTime(ms, to - from, lang)),
          },
          ...fields.map((field, i) => {
            const line = LINES[i % LINES.length]!;
            return {
              label: fieldLabel(t, field),
              scale: unitOf(field) || 'value',
              stroke: line.stroke,
              width: 2,
              ...(line.dash ? { dash: [...line.dash] } : {}),
              spanGaps: false,
              value: (_u: uPlot, v: number | null) =>
                v == null ? '—' : formatNumber(v, lang, v < 10 ? 1 : 0),
            };
          }),
        ],
        axes: [
          {
            stroke: axisColor,
            grid,
            values: (_u, splits) => splits.map((ms) => formatAxisTime(ms, to - from, lang)),
          },
          ...units.slice(0, 2).map((unit, i) => ({
            scale: unit || 'value',
            side: i === 0 ? 3 : 1,
            stroke: axisColor,
            grid: i === 0 ? grid : { show: false },
            label: unit,
            values: (_u: uPlot, splits: number[]) => splits.map((v) => formatNumber(v, lang)),
          })),
        ],
        cursor: { drag: { x: false, y: false } },
        // The legend is the key of lines to fields; the values in words are in the caption.
        legend: { live: false },
      },
      [times as number[], ...fields.map((f) => values[f] as (number | null)[])],
      el,
    );
    const resize = new ResizeObserver(() =>
      chart.setSize({
        width: Math.max(280, el.clientWidth),
        height: Math.max(200, Math.min(360, Math.round(el.clientWidth * 0.45))),
      }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, values, from, to, lang, fields.join(',')]);

  if (fields.length === 0) return <p class={styles.empty}>{t('machine.readingsEmpty')}</p>;
  return (
    <figure class={styles.figure}>
      <div
        ref={box}
        class={styles.chart}
        role="img"
        aria-label={t('machine.chartLabel', {
          fields: fields.map((f) => fieldLabel(t, f)).join(', '),
        })}
        data-role="readings-chart"
      />
      <figcaption>
        <ul class={styles.summary}>
          {fields.map((field) => {
            const summary = summarise(values[field] ?? []);
            return (
              <li key={field} data-field={field}>
                <strong>{fieldLabel(t, field)}</strong>
                {summary && ` : ${formatSummary(summary, lang)}`}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
