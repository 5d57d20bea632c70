/**
 * "Lancer un fichier": choose a G-code file, see its size, send it to the machine's gateway; then
 * the job's progress and time left from the live view, with pause, resume and cancel. Shown to a
 * manager of the machine's site and to the holder of its current slot (`models/job-launch.ts`).
 * @module
 */
import { formatBytes, formatDuration, formatPercent } from '../../lib/format.js';
import {
  useHolders,
  useI18n,
  useJobLaunch,
  useMachines,
  useSession,
} from '../../models/context.js';
import { jobProgress, mayLaunch } from '../../models/job-launch.js';
import styles from './style.module.css';

export function JobPanel({ id }: { readonly id: string }) {
  const { t, locale } = useI18n();
  const model = useJobLaunch();
  const account = useSession().account.value;
  const machine = useMachines().machines.value.get(id);
  const holds = useHolders().byMachine.value.get(id)?.current?.holder.who === 'you';
  if (!machine || !mayLaunch(account ?? null, machine.site, holds)) return null;
  const lang = locale.value;
  const file = model.file.value;
  const status = model.status.value;
  const progress = jobProgress(machine);
  return (
    <section class={styles.panel} aria-labelledby="job-panel-title" data-role="job-panel">
      <h3 id="job-panel-title">{t('job.title')}</h3>
      {progress ? (
        <div data-role="job-progress">
          <p>
            {progress.name ?? t('job.unnamed')}
            {progress.paused && ` — ${t('job.paused')}`}
          </p>
          <progress max={100} value={progress.pct ?? undefined} aria-label={t('job.progress')} />
          <p class={styles.muted}>
            {formatPercent(progress.pct, lang)} ·{' '}
            {t('job.timeLeft', { left: formatDuration(progress.leftS, lang) })}
          </p>
          <div class={styles.buttons}>
            {progress.paused ? (
              <button type="button" onClick={() => void model.control(id, 'resume')}>
                {t('job.resume')}
              </button>
            ) : (
              <button type="button" onClick={() => void model.control(id, 'pause')}>
                {t('job.pause')}
              </button>
            )}
            <button type="button" onClick={() => void model.control(id, 'cancel')}>
              {t('job.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void model.send(id);
          }}
        >
          <label>
            {t('job.file')}{' '}
            <input
              type="file"
              accept=".gcode,.gco,.g,.nc,.ngc,.tap,text/plain"
              onChange={(e) => model.choose(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          {file && (
            <p class={styles.muted} data-role="job-size">
              {t('job.size', { size: formatBytes(file.size, lang) })}
            </p>
          )}
          <button type="submit" disabled={!file || status === 'sending'}>
            {status === 'sending' ? t('job.sending') : t('job.send')}
          </button>
          {status === 'sent' && <p role="status">{t('job.sent')}</p>}
        </form>
      )}
      {model.error.value && (
        <p role="alert" class={styles.error}>
          {model.error.value}
        </p>
      )}
    </section>
  );
}
