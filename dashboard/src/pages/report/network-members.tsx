/**
 * On a network's instance, the member sites its manager registered (GET /api/network/members):
 * register one with the public key its aggregates are signed with (the member's
 * `network-key.pem.pub`, PUT /api/network/members/{site}), or remove one with what it sent
 * (DELETE). The funder's page then offers the network report.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { answer, type ServerApi, type Success } from '../../api/server.js';
import { FormOutcome } from '../../components/api-error/form-outcome.js';
import { useAction } from '../../components/api-error/use-action.js';
import { useApi, useI18n } from '../../models/context.js';

type Member = Success<ReturnType<ServerApi['network']['members']['$get']>>['members'][number];

export function NetworkMembers({ network }: { readonly network: string }) {
  const { t } = useI18n();
  const api = useApi();
  const members = useSignal<readonly Member[]>([]);
  const site = useSignal('');
  const name = useSignal('');
  const key = useSignal('');
  const wrong = useSignal<string | null>(null);
  const saved = useSignal<string | null>(null);
  const action = useAction();
  const reload = async () => {
    members.value = (await answer(api.network.members.$get({ query: { network } }))).members;
  };
  useEffect(() => {
    void action.run(reload);
  }, [network]);
  return (
    <section aria-labelledby="network-members-title" data-network-members={network}>
      <h3 id="network-members-title">{t('network.members.title')}</h3>
      {members.value.length === 0 ? <p>{t('network.members.none')}</p> : null}
      <ul class="list">
        {members.value.map((m) => (
          <li class="item" key={m.site} data-member={m.site}>
            <strong>{m.name}</strong> <code>{m.site}</code>
            <button
              type="button"
              class="button"
              onClick={async () => {
                // Irreversible: the member's aggregates go with it.
                if (!window.confirm(t('network.members.confirmRemove', { name: m.name }))) return;
                saved.value = null;
                const ok = await action.run(async () => {
                  await answer(api.network.members[':site'].$delete({ param: { site: m.site } }));
                  await reload();
                });
                if (ok) saved.value = t('network.members.removed', { name: m.name });
              }}
            >
              {t('network.members.remove', { name: m.name })}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          saved.value = null;
          wrong.value = null;
          const id = site.value.trim();
          const bad = [
            ...(/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(id) ? [] : [t('network.members.site')]),
            ...(name.value.trim() ? [] : [t('network.members.name')]),
            ...(key.value.includes('BEGIN PUBLIC KEY') ? [] : [t('network.members.key')]),
          ];
          if (bad.length) {
            wrong.value = t('network.members.wrong', { fields: bad.join(', ') });
            return;
          }
          const ok = await action.run(async () => {
            await answer(
              api.network.members[':site'].$put({
                param: { site: id },
                json: { network, name: name.value.trim(), publicKey: key.value },
              }),
            );
            await reload();
          });
          if (ok) {
            saved.value = t('network.members.saved', { name: name.value.trim() });
            site.value = '';
            name.value = '';
            key.value = '';
          }
        }}
      >
        <div class="field">
          <label for="member-site">{t('network.members.site')}</label>
          <input
            id="member-site"
            value={site.value}
            onInput={(e) => (site.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="member-name">{t('network.members.name')}</label>
          <input
            id="member-name"
            value={name.value}
            onInput={(e) => (name.value = e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="member-key">{t('network.members.key')}</label>
          <textarea
            id="member-key"
            rows={4}
            value={key.value}
            onInput={(e) => (key.value = e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button" disabled={action.busy.value}>
          {t('network.members.register')}
        </button>
        <FormOutcome wrong={wrong.value} error={action.error.value} saved={saved.value} />
      </form>
    </section>
  );
}
