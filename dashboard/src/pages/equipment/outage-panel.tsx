/**
 * A machine's service status, for a fab manager: put it in maintenance or declare it out of
 * order — first the server's preview of what it does to the coming reservations (moved to which
 * twin, cancelled, whose), then "confirm" — or put it back in service.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatClock, formatDay } from '../../lib/format.js';
import { outageCounts } from '../../lib/machine-rules.js';
import { useI18n, useMachineSharing } from '../../models/context.js';
import type { OutagePreview, OutageStatus, SiteMachine } from '../../models/machine-sharing.js';

function When({ start, end }: { readonly start: string; readonly end: string }) {
  const { locale } = useI18n();
  const lang = locale.value;
  const s = Date.parse(start);
  return (
    <>
      {formatDay(s, lang)}, {formatClock(s, lang)} – {formatClock(Date.parse(end), lang)}
    </>
  );
}

function Effect({ preview }: { readonly preview: OutagePreview }) {
  const { t } = useI18n();
  const counts = outageCounts(preview);
  if (counts.moved + counts.cancelled === 0)
    return <p data-outage-effect="none">{t('equipment.outage.nothing')}</p>;
  return (
    <div data-outage-effect>
      <p>
        <strong>
          {t('equipment.outage.summary', {
            moved: t('equipment.outage.moved', { count: counts.moved }),
            cancelled: t('equipment.outage.cancelled', { count: counts.cancelled }),
            people: t('equipment.outage.people', { count: counts.people }),
          })}
        </strong>
      </p>
      <ul>
        {preview.moved.map((r) => (
          <li key={r.reservation} data-moved={r.reservation}>
            {t('equipment.outage.movedLine', { member: r.memberName, machine: r.toName })} —{' '}
            <When start={r.start} end={r.end} />
          </li>
        ))}
        {preview.cancelled.map((r) => (
          <li key={r.reservation} data-cancelled={r.reservation}>
            {t('equipment.outage.cancelledLine', { member: r.memberName })} —{' '}
            <When start={r.start} end={r.end} />
          </li>
        ))}
      </ul>
      <p class="hint">{t('equipment.outage.notified')}</p>
    </div>
  );
}

export function OutagePanel({ machine }: { readonly machine: SiteMachine }) {
  const { t } = useI18n();
  const model = useMachineSharing();
  const asked = useSignal<OutageStatus | null>(null);
  const preview = useSignal<OutagePreview | null>(null);
  const done = useSignal<string | null>(null);
  const action = useAction();
  const ask = (status: OutageStatus) =>
    action.run(async () => {
      done.value = null;
      asked.value = status;
      preview.value = null;
      preview.value = await model.previewOutage(machine.id, status);
    });
  const inService = machine.status === 'in_service';
  return (
    <section aria-labelledby={`outage-${machine.id}-title`} data-outage={machine.id}>
      <h4 id={`outage-${machine.id}-title`}>{t('equipment.outage.title')}</h4>
      <p>{t('equipment.statusNow', { status: t(`equipment.status.${machine.status}`) })}</p>
      <div class="actions">
        {machine.status !== 'maintenance' ? (
          <button
            type="button"
            class="button"
            disabled={action.busy.value}
            onClick={() => ask('maintenance')}
          >
            {t('equipment.outage.maintenance')}
          </button>
        ) : null}
        {machine.status !== 'out_of_order' ? (
          <button
            type="button"
            class="button"
            disabled={action.busy.value}
            onClick={() => ask('out_of_order')}
          >
            {t('equipment.outage.outOfOrder')}
          </button>
        ) : null}
        {inService ? null : (
          <button
            type="button"
            class="button button-primary"
            disabled={action.busy.value}
            onClick={() =>
              action.run(async () => {
                asked.value = null;
                await model.setStatus(machine.id, 'in_service');
                done.value = t('equipment.backInService', { machine: machine.name });
              })
            }
          >
            {t('equipment.outage.back')}
          </button>
        )}
      </div>
      {asked.value && preview.value ? (
        <div class="note" role="region" aria-label={t('equipment.outage.before')}>
          <p>
            {t('equipment.outage.confirmQuestion', {
              machine: machine.name,
              status: t(`equipment.status.${asked.value}`),
            })}
          </p>
          <Effect preview={preview.value} />
          <div class="actions">
            <button
              type="button"
              class="button button-primary"
              disabled={action.busy.value}
              onClick={() => {
                const status = asked.value;
                if (!status) return;
                void action.run(async () => {
                  await model.setStatus(machine.id, status);
                  const counts = outageCounts(preview.value ?? { moved: [], cancelled: [] });
                  done.value = t('equipment.outage.done', {
                    machine: machine.name,
                    status: t(`equipment.status.${status}`),
                    moved: t('equipment.outage.moved', { count: counts.moved }),
                    cancelled: t('equipment.outage.cancelled', { count: counts.cancelled }),
                  });
                  asked.value = null;
                  preview.value = null;
                });
              }}
            >
              {t('equipment.outage.confirm')}
            </button>
            <button
              type="button"
              class="button"
              onClick={() => {
                asked.value = null;
                preview.value = null;
              }}
            >
              {t('equipment.outage.keep')}
            </button>
          </div>
        </div>
      ) : null}
      <ApiErrorNote error={action.error.value} />
      {done.value ? (
        <p class="note note-ok" role="status">
          {done.value}
        </p>
      ) : null}
    </section>
  );
}
