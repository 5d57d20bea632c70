/**
 * Open a booking round: its title, the days it covers and when requests close, typed as the
 * workshop's local dates (the site's time zone).
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { TextField } from '../../components/text-field/index.js';
import { slugOf } from '../../lib/members.js';
import { zonedInstant } from '../../lib/rounds.js';
import { useI18n, useRounds } from '../../models/context.js';

export function OpenRoundForm({
  site,
  onOpened,
}: {
  readonly site: string;
  readonly onOpened: () => void;
}) {
  const { t } = useI18n();
  const model = useRounds();
  const title = useSignal('');
  const from = useSignal('');
  const to = useSignal('');
  const closesOn = useSignal('');
  const closesAt = useSignal('18:00');
  const open = useAction();
  return (
    <form
      class="form"
      data-open-round
      onSubmit={async (event) => {
        event.preventDefault();
        const tz = model.timeZone.value;
        const ok = await open.run(() => {
          // The last day is included: the round ends at the next midnight.
          const end = new Date(`${to.value}T00:00:00Z`);
          end.setUTCDate(end.getUTCDate() + 1);
          return model.open(slugOf(`${title.value}-${from.value}`), {
            site,
            title: title.value.trim(),
            from: zonedInstant(from.value, '00:00', tz),
            to: zonedInstant(end.toISOString().slice(0, 10), '00:00', tz),
            closesAt: zonedInstant(closesOn.value, closesAt.value, tz),
          });
        });
        if (ok) onOpened();
      }}
    >
      <TextField id="round-title" label={t('rounds.roundTitle')} value={title} required />
      <div class="row">
        <TextField id="round-from" label={t('rounds.from')} value={from} type="date" required />
        <TextField id="round-to" label={t('rounds.to')} value={to} type="date" required />
      </div>
      <div class="row">
        <TextField
          id="round-closes-on"
          label={t('rounds.closesOn')}
          value={closesOn}
          type="date"
          required
        />
        <TextField
          id="round-closes-at"
          label={t('rounds.closesAt')}
          value={closesAt}
          type="time"
          required
        />
      </div>
      <button type="submit" class="button button-primary" disabled={open.busy.value}>
        {t('rounds.open')}
      </button>
      <ApiErrorNote error={open.error.value} />
    </form>
  );
}
