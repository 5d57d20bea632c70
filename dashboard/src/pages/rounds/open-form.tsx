/**
 * Open a booking round: its title, the days it covers and when requests close, typed as the
 * workshop's local dates (the site's time zone).
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
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
      <div class="field">
        <label for="round-title">{t('rounds.roundTitle')}</label>
        <input
          id="round-title"
          required
          value={title.value}
          onInput={(e) => (title.value = e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <div class="field">
          <label for="round-from">{t('rounds.from')}</label>
          <input
            id="round-from"
            type="date"
            required
            value={from.value}
            onInput={(e) => (from.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="round-to">{t('rounds.to')}</label>
          <input
            id="round-to"
            type="date"
            required
            value={to.value}
            onInput={(e) => (to.value = e.currentTarget.value)}
          />
        </div>
      </div>
      <div class="row">
        <div class="field">
          <label for="round-closes-on">{t('rounds.closesOn')}</label>
          <input
            id="round-closes-on"
            type="date"
            required
            value={closesOn.value}
            onInput={(e) => (closesOn.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="round-closes-at">{t('rounds.closesAt')}</label>
          <input
            id="round-closes-at"
            type="time"
            required
            value={closesAt.value}
            onInput={(e) => (closesAt.value = e.currentTarget.value)}
          />
        </div>
      </div>
      <button type="submit" class="button button-primary" disabled={open.busy.value}>
        {t('rounds.open')}
      </button>
      <ApiErrorNote error={open.error.value} />
    </form>
  );
}
