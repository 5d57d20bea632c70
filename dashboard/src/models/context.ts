/**
 * Contexts through which `main.tsx` hands the models to the pages: components read signals from
 * them and never fetch by themselves.
 * @module
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ServerApi } from '../api/server.js';
import type { ApiTokensModel } from './api-tokens.js';
import type { I18n } from '../i18n/index.js';
import type { BoardModel } from './board.js';
import type { BookingModel } from './booking.js';
import type { Clock } from './clock.js';
import type { HoldersModel } from './holders.js';
import type { MachinePageModel } from './machine-page.js';
import type { MaintenanceLogModel } from './maintenance-log.js';
import type { JobLaunchModel } from './job-launch.js';
import type { LedgerModel } from './ledger.js';
import type { MachineSharingModel } from './machine-sharing.js';
import type { MachinesModel } from './machines.js';
import type { MembersModel } from './members.js';
import type { ReportModel } from './report.js';
import type { ReservationsModel } from './reservations.js';
import type { RoundsModel } from './rounds.js';
import type { SessionModel } from './session.js';
import type { SiteSettingsModel } from './site-settings.js';
import type { TrainingsModel } from './trainings.js';
import type { UsageModel } from './usage.js';
import type { UtilisationModel } from './utilisation.js';
import type { WaitlistModel } from './waitlist.js';

export interface AppModels {
  readonly machines: MachinesModel;
  /** Who holds each machine's current and next slot. */
  readonly holders: HoldersModel;
  /** The machine page's reservations, maintenance notes and history. */
  readonly machinePage: MachinePageModel;
  readonly maintenanceLog: MaintenanceLogModel;
  readonly i18n: I18n;
  readonly clock: Clock;
  readonly session: SessionModel;
  readonly booking: BookingModel;
  readonly reservations: ReservationsModel;
  readonly waitlist: WaitlistModel;
  readonly board: BoardModel;
  readonly trainings: TrainingsModel;
  readonly members: MembersModel;
  readonly machineSharing: MachineSharingModel;
  /** The site's staffed-hours rule, holiday calendar and closed days. */
  readonly siteSettings: SiteSettingsModel;
  /** The machine page's "Lancer un fichier" panel. */
  readonly jobLaunch: JobLaunchModel;
  readonly rounds: RoundsModel;
  readonly ledger: LedgerModel;
  /** Priced usage lines and sessions, and the grams of material a session used. */
  readonly usage: UsageModel;
  readonly report: ReportModel;
  /** What each machine and group did over a period: running time, heat map, booked hours. */
  readonly utilisation: UtilisationModel;
  /** My API tokens ("Mon compte"). */
  readonly apiTokens: ApiTokensModel;
  /** The typed API, for pages that read a resource no model keeps (the funder's report). */
  readonly api: ServerApi;
}

export const ModelsContext = createContext<AppModels | null>(null);

function useModels(): AppModels {
  const models = useContext(ModelsContext);
  if (!models)
    throw new Error('ModelsContext is missing: render the page inside <ModelsContext.Provider>');
  return models;
}

export const useMachines = (): MachinesModel => useModels().machines;
export const useMachinePage = (): MachinePageModel => useModels().machinePage;
export const useMaintenanceLog = (): MaintenanceLogModel => useModels().maintenanceLog;
export const useHolders = (): HoldersModel => useModels().holders;
export const useJobLaunch = (): JobLaunchModel => useModels().jobLaunch;
export const useI18n = (): I18n => useModels().i18n;
export const useClock = (): Clock => useModels().clock;
export const useSession = (): SessionModel => useModels().session;
export const useBooking = (): BookingModel => useModels().booking;
export const useReservations = (): ReservationsModel => useModels().reservations;
export const useWaitlist = (): WaitlistModel => useModels().waitlist;
export const useBoard = (): BoardModel => useModels().board;
export const useTrainings = (): TrainingsModel => useModels().trainings;
export const useMembers = (): MembersModel => useModels().members;
export const useMachineSharing = (): MachineSharingModel => useModels().machineSharing;
export const useSiteSettings = (): SiteSettingsModel => useModels().siteSettings;
export const useRounds = (): RoundsModel => useModels().rounds;
export const useLedger = (): LedgerModel => useModels().ledger;
export const useUsage = (): UsageModel => useModels().usage;
export const useReport = (): ReportModel => useModels().report;
export const useUtilisation = (): UtilisationModel => useModels().utilisation;
export const useApiTokens = (): ApiTokensModel => useModels().apiTokens;
export const useApi = (): ServerApi => useModels().api;
