/**
 * A labelled input bound to a string signal: the `.field` a form writes out for each value it
 * asks (label, input, the value kept as typed).
 *
 * @example
 * const title = useSignal('');
 * <TextField id="round-title" label={t('rounds.roundTitle')} value={title} required />
 * @module
 */
import type { Signal } from '@preact/signals';
import type { InputHTMLAttributes } from 'preact';

export function TextField({
  id,
  label,
  value,
  type = 'text',
  required = false,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: Signal<string>;
  readonly type?: 'text' | 'date' | 'time';
  readonly required?: boolean;
}) {
  // Preact types an input's attributes by its type: one branch each, not the union at once.
  const kind: InputHTMLAttributes<HTMLInputElement> = type === 'text' ? { type } : { type };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        {...kind}
        required={required}
        value={value.value}
        onInput={(e) => (value.value = e.currentTarget.value)}
      />
    </div>
  );
}
