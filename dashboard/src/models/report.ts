/**
 * The manager's report: the site's shared-equipment report of a period (figures and tables,
 * worded in French and English by the server), the usage sessions behind a figure or a row (its
 * `drill` query), and the monthly reports kept on disk.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

/** The JSON form of the report (the route also answers CSV, XLSX and PDF). */
export type Report = Extract<
  Success<ReturnType<ServerApi['reports']['$get']>>,
  { readonly figures: unknown }
>;
export type DrilledSession = Success<
  ReturnType<ServerApi['reports']['sessions']['$get']>
>['sessions'][number];
export type KeptReport = Success<
  ReturnType<ServerApi['reports']['archive']['$get']>
>['reports'][number];

/** Who receives the monthly report by mail, whether mailing is on, each mailing. */
export type Recipients = Success<ReturnType<ServerApi['reports']['recipients']['$get']>>;

export interface Drill {
  /** What the sessions are behind (the figure's or the row's words). */
  readonly label: string;
  readonly sessions: readonly DrilledSession[];
}

export interface ReportModel {
  readonly report: ReadonlySignal<Report | null>;
  readonly drill: ReadonlySignal<Drill | null>;
  readonly kept: ReadonlySignal<readonly KeptReport[]>;
  readonly recipients: ReadonlySignal<Recipients | null>;
  load(site: string, period: string): Promise<void>;
  loadRecipients(site: string): Promise<void>;
  /** Replaces the site's recipients; the server checks each address (400 naming it). */
  saveRecipients(site: string, emails: readonly string[]): Promise<void>;
  /** The sessions behind a figure or row: `drill` is its filter (a machine, a kind, or none). */
  open(label: string, drill: Readonly<Record<string, string>>): Promise<void>;
  close(): void;
}

export function createReportModel(api: ServerApi): ReportModel {
  const report = signal<Report | null>(null);
  const drill = signal<Drill | null>(null);
  const kept = signal<readonly KeptReport[]>([]);
  const recipients = signal<Recipients | null>(null);
  let shown: { site: string; period: string } | null = null;
  return {
    report,
    drill,
    kept,
    recipients,
    async loadRecipients(site) {
      recipients.value = await answer(api.reports.recipients.$get({ query: { site } }));
    },
    async saveRecipients(site, emails) {
      recipients.value = await answer(
        api.reports.recipients[':site'].$put({
          param: { site },
          json: { recipients: [...emails] },
        }),
      );
    },
    async load(site, period) {
      drill.value = null;
      shown = { site, period };
      const [r, archive] = await Promise.all([
        answer(api.reports.$get({ query: { site, period, format: 'json' } })),
        answer(api.reports.archive.$get({ query: { site } })),
      ]);
      // format=json: the JSON body of the route's four kinds of answer.
      report.value = r as Report;
      kept.value = archive.reports;
    },
    async open(label, filter) {
      if (!shown) return;
      type Query = Parameters<ServerApi['reports']['sessions']['$get']>[0]['query'];
      // The filter's keys are the route's own (machine, kind): the server checks their values.
      const query = { ...filter, ...shown } as Query;
      const { sessions } = await answer(api.reports.sessions.$get({ query }));
      drill.value = { label, sessions };
    },
    close() {
      drill.value = null;
    },
  };
}
