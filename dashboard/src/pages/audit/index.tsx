/**
 * The audit log, for a fab manager: who changed what and when, newest first, fifty at a time;
 * filtered by a member or a machine (what changed) and by the kind of change.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatClock, formatDay } from '../../lib/format.js';
import { targetOf } from '../../lib/ledger.js';
import {
  useI18n,
  useLedger,
  useMachineSharing,
  useMembers,
  useSession,
} from '../../models/context.js';

/** The families of changes one filters by (the server's `action=<family>.`). */
const FAMILIES = [
  'member.',
  'qualification.',
  'machine.',
  'reservation.',
  'credit.',
  'organisation.',
  'invitation.',
  'round.',
  'usage.',
] as const;

export function AuditPage() {
  const { t, locale } = useI18n();
  const ledger = useLedger();
  const members = useMembers();
  const machines = useMachineSharing();
  const site = useSession().site.value;
  const member = useSignal('');
  const machine = useSignal('');
  const family = useSignal('');
  const load = useAction();
  useEffect(() => {
    if (site) void load.run(() => Promise.all([members.load(site), machines.load(site)]));
  }, [site]);
  useEffect(() => {
    const target = member.value
      ? `member:${member.value}`
      : machine.value
        ? `machine:${machine.value}`
        : undefined;
    void load.run(() =>
      ledger.loadAudit({
        ...(target ? { target } : {}),
        ...(family.value ? { action: family.value } : {}),
      }),
    );
  }, [member.value, machine.value, family.value, site]);
  const lang = locale.value;
  const targetName = (target: string) => {
    const { kind, id } = targetOf(target);
    if (kind === 'member') return members.members.value.find((m) => m.id === id)?.name ?? id;
    if (kind === 'machine') return machines.machines.value.find((m) => m.id === id)?.name ?? id;
    return id;
  };
  const actionWords = (action: string) => {
    const key = `audit.action.${action}` as MessageKey;
    const words = t(key);
    return words === key ? action : words;
  };
  return (
    <section class="screen" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <div class="row">
        <div class="field">
          <label for="audit-member">{t('audit.member')}</label>
          <select
            id="audit-member"
            value={member.value}
            onChange={(e) => {
              member.value = e.currentTarget.value;
              if (member.value) machine.value = '';
            }}
          >
            <option value="">{t('audit.any')}</option>
            {members.members.value.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-machine">{t('audit.machine')}</label>
          <select
            id="audit-machine"
            value={machine.value}
            onChange={(e) => {
              machine.value = e.currentTarget.value;
              if (machine.value) member.value = '';
            }}
          >
            <option value="">{t('audit.any')}</option>
            {machines.machines.value.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-action">{t('audit.action')}</label>
          <select
            id="audit-action"
            value={family.value}
            onChange={(e) => (family.value = e.currentTarget.value)}
          >
            <option value="">{t('audit.any')}</option>
            {FAMILIES.map((f) => (
              <option key={f} value={f}>
                {t(`audit.family.${f.slice(0, -1)}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ApiErrorNote error={load.error.value} />
      {ledger.entries.value.length === 0 && !load.busy.value ? <p>{t('audit.none')}</p> : null}
      <ol class="list" aria-label={t('audit.entries')}>
        {ledger.entries.value.map((e) => (
          <li class="item" key={e.id} data-entry={e.action}>
            <span>
              <strong>{actionWords(e.action)}</strong> — {targetName(e.target)}
              <br />
              <span class="muted">
                {t('audit.by', {
                  day: formatDay(Date.parse(e.at), lang),
                  time: formatClock(Date.parse(e.at), lang),
                  actor: ledger.accounts.value.find((a) => a.id === e.actor)?.name ?? e.actor,
                  role: t(`role.${e.role}` as MessageKey),
                })}
              </span>
            </span>
          </li>
        ))}
      </ol>
      {ledger.more.value ? (
        <p>
          <button
            type="button"
            class="button"
            disabled={load.busy.value}
            onClick={() => load.run(() => ledger.olderAudit())}
          >
            {t('audit.older')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
