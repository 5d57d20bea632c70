/**
 * One use nobody reserved, with the member to attach it to.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { formatClock, formatDay } from '../../lib/format.js';
import type { UsageSession } from '../../models/board.js';
import { useBoard, useI18n } from '../../models/context.js';

export function WalkInItem({ session }: { readonly session: UsageSession }) {
  const { t, locale } = useI18n();
  const board = useBoard();
  const member = useSignal('');
  const action = useAction();
  const lang = locale.value;
  const start = Date.parse(session.startedAt);
  const id = `attach-${session.id}`;
  return (
    <li class="item" data-walk-in={session.id}>
      <span>
        {t('board.walkIn', {
          machine: session.machine,
          day: formatDay(start, lang),
          start: formatClock(start, lang),
          end: formatClock(Date.parse(session.endedAt), lang),
        })}
      </span>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (member.value) void action.run(() => board.attach(session.id, member.value));
        }}
      >
        <div class="field">
          <label for={id}>{t('board.attachTo')}</label>
          <select
            id={id}
            value={member.value}
            onChange={(e) => (member.value = e.currentTarget.value)}
          >
            <option value="">{t('trainings.choose')}</option>
            {board.members.value.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button" disabled={action.busy.value || !member.value}>
          {t('board.attach')}
        </button>
      </form>
      <ApiErrorNote error={action.error.value} />
    </li>
  );
}
