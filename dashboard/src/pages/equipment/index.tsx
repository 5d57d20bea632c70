/**
 * The site's machines and their sharing rules, for a fab manager: each machine with its status
 * in words; open one to change its settings and rules, or to take it out of service — seeing
 * first which reservations move or are cancelled, and whose — or put it back. Below them, the
 * site's calendar: staffed hours, public holidays and the coming closed days.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { useI18n, useMachineSharing, useSession } from '../../models/context.js';
import { OutagePanel } from './outage-panel.js';
import { SharingForm } from './sharing-form.js';
import { SiteCalendarPanel } from './site-calendar-panel.js';

export function EquipmentPage() {
  const { t } = useI18n();
  const model = useMachineSharing();
  const site = useSession().site.value;
  const open = useSignal<string | null>(null);
  const load = useAction();
  useEffect(() => {
    open.value = null;
    if (site) void load.run(() => model.load(site));
  }, [site]);
  return (
    <section class="screen" aria-labelledby="equipment-title">
      <h2 id="equipment-title">{t('equipment.title')}</h2>
      <p>{t('equipment.intro')}</p>
      <ApiErrorNote error={load.error.value} />
      <ul class="list">
        {model.machines.value.map((m) => (
          <li class="item" key={m.id} data-machine={m.id} data-status={m.status}>
            <span>
              <strong>{m.name}</strong> — {t(`equipment.status.${m.status}`)}
              {m.needsApproval ? ` · ${t('equipment.needsApproval')}` : ''}
              {m.group ? ` · ${t('equipment.inGroup', { group: m.group })}` : ''}
            </span>
            <button
              type="button"
              class="button"
              aria-expanded={open.value === m.id}
              onClick={() => (open.value = open.value === m.id ? null : m.id)}
            >
              {t('equipment.open', { machine: m.name })}
            </button>
            {open.value === m.id ? (
              <div class="panel">
                <OutagePanel machine={m} />
                <h4>{t('equipment.settings')}</h4>
                <SharingForm machine={m} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {site ? <SiteCalendarPanel site={site} /> : null}
    </section>
  );
}
