/**
 * Which site the screens show, for an account of several (a manager of two workshops, an
 * administrator): a labelled select in the navigation. Hidden when there is only one.
 * @module
 */
import { useI18n, useSession } from '../../models/context.js';

export function SitePicker() {
  const { t } = useI18n();
  const session = useSession();
  const choices = session.siteChoices.value;
  if (choices.length < 2) return null;
  return (
    <div class="site-picker">
      <label for="site-picker">{t('nav.site')}</label>
      <select
        id="site-picker"
        class="input"
        value={session.site.value ?? ''}
        data-site-picker
        onChange={(e) => session.chooseSite(e.currentTarget.value)}
      >
        {choices.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
