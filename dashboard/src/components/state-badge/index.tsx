/**
 * The state of a machine as a badge: a colour, a shape and the French (or English) word, so that
 * the state reads without colour too (colour-blind visitors, a washed-out screen in the sun).
 * @module
 */
import type { MachineState } from '@manufacto/firmware-profiles/contract';
import type { JSX } from 'preact';
import { useI18n } from '../../models/context.js';
import { cx } from '../../lib/cx.js';
import styles from './style.module.css';

/** One small shape per state, drawn in a 16×16 box with the current colour. */
const SHAPES: Readonly<Record<MachineState, JSX.Element>> = {
  // Triangle with an exclamation mark: something is wrong.
  error: (
    <>
      <path d="M8 1.5 15 14H1z" fill="currentColor" />
      <path d="M8 6v3.6" stroke="var(--badge-ink)" stroke-width="1.8" stroke-linecap="round" />
      <circle cx="8" cy="11.7" r="1" fill="var(--badge-ink)" />
    </>
  ),
  // "Play" triangle: at work.
  running: <path d="M4 2.5v11l9.5-5.5z" fill="currentColor" />,
  // Half-filled ring: getting ready.
  preparing: (
    <>
      <circle cx="8" cy="8" r="5.8" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M8 2.2a5.8 5.8 0 0 1 0 11.6z" fill="currentColor" />
    </>
  ),
  // Two bars: paused.
  paused: (
    <>
      <rect x="3.5" y="2.5" width="3.2" height="11" rx="0.8" fill="currentColor" />
      <rect x="9.3" y="2.5" width="3.2" height="11" rx="0.8" fill="currentColor" />
    </>
  ),
  // Filled disc: free, ready to use.
  idle: <circle cx="8" cy="8" r="6" fill="currentColor" />,
  // Hollow circle crossed out: not reachable.
  offline: (
    <>
      <circle cx="8" cy="8" r="5.8" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M3.5 12.5 12.5 3.5" stroke="currentColor" stroke-width="2" />
    </>
  ),
  // Square: taken out of use by people.
  maintenance: <rect x="2.5" y="2.5" width="11" height="11" rx="2" fill="currentColor" />,
};

export interface StateBadgeProps {
  readonly state: MachineState;
  readonly size?: 'normal' | 'small';
}

export function StateBadge({ state, size = 'normal' }: StateBadgeProps) {
  const { t } = useI18n();
  return (
    <span class={cx(styles.badge, size === 'small' && styles.small)} data-state={state}>
      <svg class={styles.shape} viewBox="0 0 16 16" aria-hidden="true">
        {SHAPES[state]}
      </svg>
      <span>{t(`state.${state}`)}</span>
    </span>
  );
}

/** Just the shape, for counters. */
export function StateShape({ state }: { readonly state: MachineState }) {
  return (
    <svg
      class={styles.shape}
      data-state={state}
      viewBox="0 0 16 16"
      aria-hidden="true"
      style={{ color: 'var(--state-color)' }}
    >
      {SHAPES[state]}
    </svg>
  );
}
