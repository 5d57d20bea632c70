/**
 * Who may send a job to a machine, and the commands that carry it to the gateway. A manager of
 * the machine's site may (an admin anywhere); an artisan only while holding the slot under way on
 * it, since the machine is theirs for that time and nobody else's. Pure: plain data in and out.
 * @module
 */
import { CONTRACT_VERSION, type CommandMessage } from '@manufacto/firmware-profiles/contract';

export interface Driver {
  readonly id: string;
  readonly role: string;
  readonly sites: readonly string[] | 'all';
}

export interface Slot {
  readonly member: string;
  readonly start: number;
  readonly end: number;
  readonly status: string;
}

/** Why `who` may not drive the machine now, in the API's words; null when they may. */
export function jobRefusal(
  who: Driver,
  site: string,
  slots: readonly Slot[],
  now: number,
): string | null {
  const onSite = who.sites === 'all' || who.sites.includes(site);
  if (who.role === 'manager' || who.role === 'admin')
    return onSite ? null : `you manage no machine of site "${site}"`;
  if (who.role !== 'artisan') return 'only a manager or the holder of the current slot runs a job';
  const holds = slots.some(
    (s) => s.member === who.id && s.status === 'confirmed' && s.start <= now && now < s.end,
  );
  return holds ? null : 'you do not hold the current slot on this machine';
}

export type JobControl = 'pause' | 'resume' | 'cancel';

export function jobStartCommand(
  job: { name: string; url: string; bytes: number; sha256: string },
  requestedBy: string,
  now: number,
): CommandMessage {
  return { v: CONTRACT_VERSION, ts: now, command: 'job_start', job, requestedBy };
}

export function jobControlCommand(control: JobControl, now: number): CommandMessage {
  return { v: CONTRACT_VERSION, ts: now, command: `job_${control}` };
}
