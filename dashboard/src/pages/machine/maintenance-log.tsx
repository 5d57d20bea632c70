/**
 * "Carnet d'entretien": the machine's maintenance notes, newest first, with who wrote them and
 * when; a manager of its site writes one below. Said in words when the caller may not read it.
 * @module
 */
import { useState } from 'preact/hooks';
import { formatNumber, formatWritten } from '../../lib/format.js';
import {
  useI18n,
  useMachinePage,
  useMachines,
  useMaintenanceLog,
  useSession,
} from '../../models/context.js';
import { mayWriteNote } from '../../models/maintenance-log.js';
import styles from './style.module.css';

const NOTE_MAX = 2000;

function NoteForm() {
  const { t } = useI18n();
  const log = useMaintenanceLog();
  const [text, setText] = useState('');
  const [hours, setHours] = useState('');
  const error = log.writeError.value;
  const submit = async (e: Event) => {
    e.preventDefault();
    const h = hours.trim() === '' ? null : Number(hours.replace(',', '.'));
    if (await log.write(text, h)) {
      setText('');
      setHours('');
    }
  };
  return (
    <form class={styles.noteForm} onSubmit={submit} data-role="note-form">
      <label for="note-text">{t('machine.log.text')}</label>
      <textarea
        id="note-text"
        required
        maxLength={NOTE_MAX}
        rows={3}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        aria-describedby={error ? 'note-error' : undefined}
      />
      <label for="note-hours">{t('machine.log.hours')}</label>
      <input
        id="note-hours"
        inputMode="decimal"
        pattern="[0-9]+([.,][0-9]+)?"
        value={hours}
        onInput={(e) => setHours(e.currentTarget.value)}
      />
      {error && (
        <p id="note-error" role="alert" class={styles.note}>
          {error}
        </p>
      )}
      <button type="submit" disabled={log.writing.value}>
        {t('machine.log.add')}
      </button>
    </form>
  );
}

export function MaintenanceLog({ id }: { readonly id: string }) {
  const { t, locale } = useI18n();
  const log = useMaintenanceLog();
  const account = useSession().account.value;
  // A machine that reports knows its site; one only declared for booking, its sharing settings.
  const site = useMachines().machines.value.get(id)?.site ?? useMachinePage().sharing.value?.site;
  const status = log.status.value;
  if (status === 'hidden' || status === 'idle') return null;
  const lang = locale.value;
  const notes = log.notes.value;
  return (
    <section class={styles.panel} aria-labelledby="machine-log" data-role="maintenance-log">
      <h3 id="machine-log">{t('machine.log')}</h3>
      {status === 'error' && (
        <p role="alert" class={styles.note}>
          {t('machine.log.error')}
        </p>
      )}
      {status === 'ready' && notes.length === 0 && (
        <p class={styles.muted}>{t('machine.log.empty')}</p>
      )}
      {notes.length > 0 && (
        <ol class={styles.notes} data-role="notes">
          {notes.map((n) => (
            <li key={n.id}>
              <p class={styles.noteText}>{n.text}</p>
              <p class={styles.muted}>
                <time dateTime={n.createdAt}>{formatWritten(Date.parse(n.createdAt), lang)}</time>
                {' · '}
                {n.author.name ?? t('machine.log.erased')}
                {n.usageHours !== null &&
                  ` · ${t('machine.log.at', { hours: formatNumber(n.usageHours, lang, 1) })}`}
              </p>
            </li>
          ))}
        </ol>
      )}
      {mayWriteNote(account ?? null, site) && <NoteForm />}
    </section>
  );
}
