/**
 * Grams of material a usage session used, typed and saved: the artisan's declaration (only while
 * none is recorded) or the manager's entry. A figure that is no number is named before sending;
 * the server's error (409: already recorded, by the gateway or a manager) shows in words.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../api-error/index.js';
import { useAction } from '../api-error/use-action.js';
import { gramsOf } from '../../lib/material.js';
import { useI18n, useUsage } from '../../models/context.js';

export function MaterialForm({
  session,
  label,
  initial = '',
  onSaved,
}: {
  readonly session: string;
  /** The field's label: what the session is (machine and day), for a list of several. */
  readonly label: string;
  readonly initial?: string;
  /** After the server took the grams (the manager's totals are read again). */
  readonly onSaved?: () => void;
}) {
  const { t } = useI18n();
  const usage = useUsage();
  const grams = useSignal(initial);
  const wrong = useSignal(false);
  const save = useAction();
  const id = `material-${session}`;
  return (
    <form
      class="row"
      data-material={session}
      onSubmit={async (event) => {
        event.preventDefault();
        const g = gramsOf(grams.value);
        wrong.value = g === null;
        if (g !== null && (await save.run(() => usage.setMaterial(session, g)))) onSaved?.();
      }}
    >
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          inputMode="decimal"
          aria-invalid={wrong.value}
          value={grams.value}
          onInput={(e) => (grams.value = e.currentTarget.value)}
        />
      </div>
      <button type="submit" class="button" disabled={save.busy.value}>
        {t('material.save')}
      </button>
      {wrong.value ? (
        <p class="note note-error" role="alert">
          {t('material.wrong')}
        </p>
      ) : null}
      <ApiErrorNote error={save.error.value} />
    </form>
  );
}
