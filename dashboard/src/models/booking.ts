/**
 * The booking model: the machines one can book on the site, the week shown, the chosen machine's
 * free and busy time that week (from the server's rules), and the steps of a reservation — try it
 * (`?dryRun=true`: the reasons come back before anything is booked), then book it.
 * @module
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { ApiRequestError } from '../api/client.js';
import { answer, type Refusal, type ServerApi, type Success } from '../api/server.js';
import { addDays, type Interval, localDate, startOfWeek } from '../lib/slots.js';

export type BookableMachine = Success<
  ReturnType<ServerApi['sites'][':id']['machines']['$get']>
>['machines'][number];
export type Availability = Success<
  ReturnType<ServerApi['machines'][':id']['availability']['$get']>
>;
export type Reservation = Success<ReturnType<ServerApi['reservations']['$post']>>['reservation'];
export type ClosedDay = Success<
  ReturnType<ServerApi['sites'][':id']['closed-days']['$get']>
>['days'][number];

/** What trying a slot said: bookable (and whether a manager must approve), or why not. */
export type Trial =
  | { readonly status: 'trying'; readonly slot: Interval }
  | { readonly status: 'bookable'; readonly slot: Interval; readonly reservation: Reservation }
  | { readonly status: 'refused'; readonly slot: Interval; readonly reasons: readonly Refusal[] }
  | { readonly status: 'failed'; readonly slot: Interval; readonly message: string };

export interface BookingModel {
  readonly machines: ReadonlySignal<readonly BookableMachine[]>;
  readonly machine: ReadonlySignal<BookableMachine | null>;
  readonly weekStart: ReadonlySignal<number>;
  readonly availability: ReadonlySignal<Availability | null>;
  readonly free: ReadonlySignal<readonly Interval[]>;
  readonly busy: ReadonlySignal<readonly Interval[]>;
  /** The site's closed days of the week shown (holidays, closures), to say why a day is empty. */
  readonly closedDays: ReadonlySignal<readonly ClosedDay[]>;
  readonly error: ReadonlySignal<string | null>;
  readonly trial: ReadonlySignal<Trial | null>;
  /**
   * How many machines of the chosen machine's group to book at once (1: just this one). With
   * more, the server picks that many free machines of the group for the slot (all or none).
   */
  readonly units: ReadonlySignal<number>;
  /** The machines of the chosen machine's group (empty when it has none). */
  readonly group: ReadonlySignal<readonly BookableMachine[]>;
  /**
   * Whether any machine of the group will do ("n'importe quelle Prusa MK4"): the slots are those
   * any of them can take, and the server picks the machine (the least booked).
   */
  readonly anyOfGroup: ReadonlySignal<boolean>;
  /** The free time of each machine the slots may land on (the chosen one, or its group's). */
  readonly frees: ReadonlySignal<readonly (readonly Interval[])[]>;
  /** Every unit of the last booking of several (empty after a booking of one machine). */
  readonly lastUnits: ReadonlySignal<readonly Reservation[]>;
  setUnits(n: number): void;
  setAnyOfGroup(any: boolean): Promise<void>;
  loadMachines(site: string): Promise<void>;
  choose(machineId: string): Promise<void>;
  showWeek(anyDayOfIt: number): Promise<void>;
  /** Asks the server whether `member` may book `slot` on the chosen machine, booking nothing. */
  tryBooking(member: string, slot: Interval): Promise<Trial>;
  /** Books the slot last tried; refreshes the week. */
  book(member: string): Promise<Reservation>;
  clearTrial(): void;
}

const message = (error: unknown) =>
  error instanceof ApiRequestError ? error.detail : error instanceof Error ? error.message : '';

export function createBookingModel(api: ServerApi, now: () => number = Date.now): BookingModel {
  const machines = signal<readonly BookableMachine[]>([]);
  const machineId = signal<string | null>(null);
  const weekStart = signal(startOfWeek(now()));
  const availability = signal<Availability | null>(null);
  const closedDays = signal<readonly ClosedDay[]>([]);
  const error = signal<string | null>(null);
  const trial = signal<Trial | null>(null);
  const units = signal(1);
  const anyOfGroup = signal(false);
  const groupFree = signal<readonly (readonly Interval[])[] | null>(null);
  const lastUnits = signal<readonly Reservation[]>([]);
  const machine = computed(() => machines.value.find((m) => m.id === machineId.value) ?? null);
  const group = computed(() => {
    const g = machine.value?.group;
    return g ? machines.value.filter((m) => m.group === g) : [];
  });
  /** The request's "what": this machine, or N of its group. */
  const what = (id: string) => {
    const g = machine.value?.group;
    if (g && units.value > 1) return { group: g, units: units.value, site: machine.value!.site };
    return g && anyOfGroup.value ? { group: g, site: machine.value!.site } : { machine: id };
  };
  const toIntervals = (list: readonly { start: string; end: string }[]) =>
    list.map((i) => ({ start: Date.parse(i.start), end: Date.parse(i.end) }));
  const free = computed(() => toIntervals(availability.value?.free ?? []));
  const busy = computed(() => toIntervals(availability.value?.busy ?? []));
  const frees = computed(() => groupFree.value ?? [free.value]);

  async function refresh(): Promise<void> {
    const id = machineId.value;
    if (!id) return;
    const from = new Date(weekStart.value).toISOString();
    const to = new Date(addDays(weekStart.value, 7)).toISOString();
    const site = machine.value?.site;
    // The closed days only explain an empty day (the free time already leaves them out): if
    // they cannot be had, the week is still bookable, and says nothing of why a day is empty.
    const closed = site
      ? answer(
          api.sites[':id']['closed-days'].$get({
            param: { id: site },
            query: { from: localDate(weekStart.value), days: '7' },
          }),
        ).then(
          (a) => a.days,
          () => [],
        )
      : Promise.resolve([]);
    const others = anyOfGroup.value ? group.value.filter((m) => m.id !== id) : [];
    const freeOf = (machine: string) =>
      answer(
        api.machines[':id'].availability.$get({ param: { id: machine }, query: { from, to } }),
      );
    try {
      const [answered, days, ...rest] = await Promise.all([
        freeOf(id),
        closed,
        ...others.map((m) => freeOf(m.id)),
      ]);
      if (machineId.value === id) {
        availability.value = answered;
        closedDays.value = days;
        groupFree.value = others.length
          ? [answered, ...rest].map((a) => toIntervals(a.free))
          : null;
      }
      error.value = null;
    } catch (e) {
      error.value = message(e);
    }
  }

  return {
    machines,
    machine,
    weekStart,
    availability,
    free,
    busy,
    closedDays,
    error,
    trial,
    units,
    group,
    anyOfGroup,
    frees,
    lastUnits,
    setUnits(n) {
      batch(() => {
        units.value = n;
        trial.value = null;
      });
    },
    async loadMachines(site) {
      try {
        const { machines: list } = await answer(
          api.sites[':id'].machines.$get({ param: { id: site } }),
        );
        machines.value = list;
        error.value = null;
      } catch (e) {
        error.value = message(e);
      }
    },
    async setAnyOfGroup(any) {
      batch(() => {
        anyOfGroup.value = any;
        trial.value = null;
      });
      await refresh();
    },
    async choose(id) {
      batch(() => {
        machineId.value = id;
        availability.value = null;
        groupFree.value = null;
        trial.value = null;
        units.value = 1;
        anyOfGroup.value = false;
      });
      await refresh();
    },
    async showWeek(day) {
      batch(() => {
        weekStart.value = startOfWeek(day);
        trial.value = null;
      });
      await refresh();
    },
    async tryBooking(member, slot) {
      const id = machineId.value;
      if (!id) throw new Error('choose a machine first');
      trial.value = { status: 'trying', slot };
      const json = {
        member,
        ...what(id),
        start: new Date(slot.start).toISOString(),
        end: new Date(slot.end).toISOString(),
      };
      let next: Trial;
      try {
        const { reservation } = await answer(
          api.reservations.$post({ json, query: { dryRun: 'true' } }),
        );
        next = { status: 'bookable', slot, reservation };
      } catch (e) {
        next =
          e instanceof ApiRequestError && e.reasons.length > 0
            ? { status: 'refused', slot, reasons: e.reasons }
            : { status: 'failed', slot, message: message(e) };
      }
      if (trial.value?.slot === slot) trial.value = next;
      return next;
    },
    async book(member) {
      const current = trial.value;
      const id = machineId.value;
      if (!current || !id) throw new Error('try a slot first');
      const json = {
        member,
        ...what(id),
        start: new Date(current.slot.start).toISOString(),
        end: new Date(current.slot.end).toISOString(),
      };
      try {
        const made = await answer(api.reservations.$post({ json, query: {} }));
        const { reservation } = made;
        lastUnits.value = 'reservations' in made && made.reservations ? made.reservations : [];
        trial.value = null;
        await refresh();
        return reservation;
      } catch (e) {
        trial.value =
          e instanceof ApiRequestError && e.reasons.length > 0
            ? { status: 'refused', slot: current.slot, reasons: e.reasons }
            : { status: 'failed', slot: current.slot, message: message(e) };
        throw e;
      }
    },
    clearTrial() {
      trial.value = null;
    },
  };
}
