/**
 * "Lancer un fichier" on a machine's page: who sees it (a manager of the machine's site, or the
 * artisan holding its current slot: the server decides, this only spares the others a button
 * they cannot use), the file chosen and its size, sending it (`POST /api/machines/{id}/jobs`, the
 * raw file as body), then the job's progress from the live view and pause, resume, cancel.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import { ApiRequestError } from '../api/client.js';
import { answer, type ServerApi } from '../api/server.js';

export type JobControl = 'pause' | 'resume' | 'cancel';

export interface Launcher {
  readonly role: string | null;
  readonly sites: readonly string[];
}

/** Whether to offer the panel: a manager of the site (an admin anywhere), or the slot's holder. */
export function mayLaunch(who: Launcher | null, site: string, holdsCurrentSlot: boolean): boolean {
  if (!who?.role) return false;
  if (who.role === 'admin') return true;
  if (who.role === 'manager') return who.sites.includes(site);
  return who.role === 'artisan' && holdsCurrentSlot;
}

export interface JobProgress {
  readonly name: string | null;
  /** 0–100, null when the machine does not say. */
  readonly pct: number | null;
  readonly leftS: number | null;
  readonly paused: boolean;
}

/** The job under way on the machine as the live view shows it, null when none. */
export function jobProgress(view: MachineView | undefined): JobProgress | null {
  if (!view?.job) return null;
  const pct = view.metrics.progress_pct;
  const left = view.metrics.time_left_s;
  return {
    name: view.job.name,
    pct: typeof pct === 'number' ? Math.max(0, Math.min(100, pct)) : null,
    leftS: typeof left === 'number' && left >= 0 ? left : null,
    paused: view.state === 'paused',
  };
}

export type SendStatus = 'idle' | 'sending' | 'sent' | 'error';

export interface JobLaunchModel {
  readonly file: ReadonlySignal<File | null>;
  readonly status: ReadonlySignal<SendStatus>;
  readonly error: ReadonlySignal<string | null>;
  choose(file: File | null): void;
  send(machine: string): Promise<void>;
  control(machine: string, control: JobControl): Promise<void>;
}

export function createJobLaunchModel(
  api: ServerApi,
  language: () => string,
  fetcher: typeof fetch = (...a) => fetch(...a),
  baseUrl = '',
): JobLaunchModel {
  const file = signal<File | null>(null);
  const status = signal<SendStatus>('idle');
  const error = signal<string | null>(null);
  const fail = (e: unknown) => {
    status.value = 'error';
    error.value = e instanceof Error ? e.message : String(e);
  };
  return {
    file,
    status,
    error,
    choose(chosen) {
      file.value = chosen;
      status.value = 'idle';
      error.value = null;
    },
    async send(machine) {
      const chosen = file.value;
      if (!chosen) return;
      status.value = 'sending';
      error.value = null;
      // A raw body: the typed client speaks JSON and forms, the route takes the file itself.
      const path = `/api/machines/${encodeURIComponent(machine)}/jobs?name=${encodeURIComponent(chosen.name)}`;
      try {
        const res = await fetcher(`${baseUrl}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/octet-stream',
            'accept-language': language(),
            accept: 'application/json',
          },
          body: chosen,
        });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { message?: string } | null;
          throw new ApiRequestError(
            'POST',
            path,
            res.status,
            body?.message ?? `HTTP ${res.status}`,
          );
        }
        status.value = 'sent';
      } catch (e) {
        fail(e instanceof ApiRequestError ? new Error(e.detail) : e);
      }
    },
    async control(machine, control) {
      error.value = null;
      try {
        await answer(
          api.machines[':id'].jobs.current[':control'].$post({ param: { id: machine, control } }),
        );
      } catch (e) {
        fail(e instanceof ApiRequestError ? new Error(e.detail) : e);
      }
    },
  };
}
