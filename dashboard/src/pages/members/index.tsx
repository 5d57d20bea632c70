/**
 * Members and organisations, for a fab manager: the site's members, searched as one types (name,
 * email or id, accents ignored); one to edit (settings, sites, invitation, prepaid hours, the
 * facts funders ask about, a link to their trainings) or a new one; then the organisations.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { searchMembers } from '../../lib/members.js';
import { useI18n, useMembers, useSession } from '../../models/context.js';
import { MemberForm } from './member-form.js';
import { MemberPanel } from './member-panel.js';
import { OrganisationsSection } from './organisations.js';
import { PlansSection } from './plans-section.js';

export function MembersPage() {
  const { t } = useI18n();
  const model = useMembers();
  const site = useSession().site.value;
  const query = useSignal('');
  const chosen = useSignal<string | 'new' | null>(null);
  const load = useAction();
  useEffect(() => {
    chosen.value = null;
    void load.run(() => model.load(site));
  }, [site]);
  const found = searchMembers(model.members.value, query.value);
  const orgName = (id: string | null) =>
    id ? (model.organisations.value.find((o) => o.id === id)?.name ?? id) : null;
  return (
    <section class="screen" aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      <ApiErrorNote error={load.error.value} />
      <div class="row">
        <div class="field">
          <label for="members-search">{t('members.search')}</label>
          <input
            id="members-search"
            type="search"
            value={query.value}
            aria-describedby="members-count"
            onInput={(e) => (query.value = e.currentTarget.value)}
          />
        </div>
        <button
          type="button"
          class="button"
          aria-expanded={chosen.value === 'new'}
          onClick={() => (chosen.value = chosen.value === 'new' ? null : 'new')}
        >
          {t('members.new')}
        </button>
      </div>
      <p id="members-count" class="muted" role="status">
        {t('members.count', { count: found.length })}
      </p>
      {chosen.value === 'new' ? (
        <section class="panel" aria-labelledby="member-new-title">
          <h3 id="member-new-title">{t('members.new')}</h3>
          <MemberForm member={null} onSaved={(m) => (chosen.value = m.id)} />
        </section>
      ) : null}
      <ul class="list">
        {found.map((m) => (
          <li class="item" key={m.id} data-member={m.id}>
            <span>
              <strong>{m.name}</strong>
              <span class="muted"> — {m.email}</span>
              {orgName(m.organisation) ? <span> · {orgName(m.organisation)}</span> : null}
              {m.active ? null : <span class="tag"> · {t('members.inactive')}</span>}
            </span>
            <button
              type="button"
              class="button"
              aria-expanded={chosen.value === m.id}
              onClick={() => (chosen.value = chosen.value === m.id ? null : m.id)}
            >
              {t('members.open', { name: m.name })}
            </button>
            {chosen.value === m.id ? <MemberPanel member={m} /> : null}
          </li>
        ))}
      </ul>
      <OrganisationsSection />
      <PlansSection />
    </section>
  );
}
