/**
 * G-code files sent to machines: the record in SQLite, the bytes on disk under the data folder
 * (`<dir>/<id>.gcode`), named by id so a person's file name never becomes a path.
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db.js';

export interface JobFile {
  readonly id: string;
  readonly machine: string;
  readonly site: string;
  /** The gateway the file was sent to: the only one that may fetch it. */
  readonly gateway: string;
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly requestedBy: string;
  readonly createdAt: number;
}

export function jobFilesRepository(db: Db, dir: string) {
  const pathOf = (id: string) => join(dir, `${id}.gcode`);
  return {
    /** Writes the bytes, then the record: a record never names a missing file. */
    async add(file: JobFile, body: Uint8Array): Promise<void> {
      await mkdir(dir, { recursive: true });
      await writeFile(pathOf(file.id), body);
      await db
        .insertInto('job_files')
        .values({
          id: file.id,
          machine_id: file.machine,
          site: file.site,
          gateway_id: file.gateway,
          name: file.name,
          bytes: file.bytes,
          sha256: file.sha256,
          requested_by: file.requestedBy,
          created_at: file.createdAt,
        })
        .execute();
    },
    async get(id: string): Promise<JobFile | undefined> {
      const r = await db
        .selectFrom('job_files')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return (
        r && {
          id: r.id,
          machine: r.machine_id,
          site: r.site,
          gateway: r.gateway_id,
          name: r.name,
          bytes: Number(r.bytes),
          sha256: r.sha256,
          requestedBy: r.requested_by,
          createdAt: Number(r.created_at),
        }
      );
    },
    read: (id: string): Promise<Buffer> => readFile(pathOf(id)),
  };
}
export type JobFilesRepository = ReturnType<typeof jobFilesRepository>;
