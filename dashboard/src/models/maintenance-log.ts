/**
 * The "Carnet d'entretien" of a machine's page: its maintenance notes, newest first
 * (`GET /api/machines/{id}/maintenance-notes`, for its site's artisans and managers), and for a
 * manager of its site the note being written (`POST`). One machine at a time; `open(id)` starts over.
 * @module
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { ApiRequestError } from '../api/client.js';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type MaintenanceNote = Success<
  ReturnType<ServerApi['machines'][':id']['maintenance-notes']['$get']>
>['notes'][number];

/** `hidden`: the caller may not read this machine's log (another site, or nobody logged in). */
export type LogStatus = 'idle' | 'loading' | 'ready' | 'hidden' | 'error';

export interface Writer {
  readonly role: string | null;
  readonly sites: readonly string[];
}

/** Whether to offer the form: a manager of the machine's site, an admin anywhere. */
export function mayWriteNote(who: Writer | null, site: string | undefined): boolean {
  if (who?.role === 'admin') return true;
  return who?.role === 'manager' && site !== undefined && who.sites.includes(site);
}

export interface MaintenanceLogModel {
  readonly notes: ReadonlySignal<readonly MaintenanceNote[]>;
  readonly status: ReadonlySignal<LogStatus>;
  /** The server's words for what went wrong when writing, null otherwise. */
  readonly writeError: ReadonlySignal<string | null>;
  readonly writing: ReadonlySignal<boolean>;
  open(id: string): Promise<void>;
  /** Writes the note; true once it is kept (and listed). */
  write(text: string, usageHours: number | null): Promise<boolean>;
}

export function createMaintenanceLogModel(api: ServerApi): MaintenanceLogModel {
  const machine = signal<string | null>(null);
  const notes = signal<readonly MaintenanceNote[]>([]);
  const status = signal<LogStatus>('idle');
  const writeError = signal<string | null>(null);
  const writing = signal(false);

  return {
    notes,
    status,
    writeError,
    writing,
    async open(id) {
      batch(() => {
        machine.value = id;
        notes.value = [];
        status.value = 'loading';
        writeError.value = null;
      });
      try {
        const body = await answer(api.machines[':id']['maintenance-notes'].$get({ param: { id } }));
        if (machine.value !== id) return;
        batch(() => {
          notes.value = body.notes;
          status.value = 'ready';
        });
      } catch (error) {
        if (machine.value !== id) return;
        const refused =
          error instanceof ApiRequestError && [401, 403, 404].includes(error.status ?? 0);
        status.value = refused ? 'hidden' : 'error';
      }
    },
    async write(text, usageHours) {
      const id = machine.value;
      if (!id) return false;
      batch(() => {
        writing.value = true;
        writeError.value = null;
      });
      try {
        const { note } = await answer(
          api.machines[':id']['maintenance-notes'].$post({
            param: { id },
            json: usageHours === null ? { text } : { text, usageHours },
          }),
        );
        if (machine.value === id) notes.value = [note, ...notes.value];
        return true;
      } catch (error) {
        writeError.value = error instanceof ApiRequestError ? error.detail : String(error);
        return false;
      } finally {
        writing.value = false;
      }
    },
  };
}
