/**
 * Why not: every refusal to book (and to unlock a machine) is one of these typed
 * reasons, with the facts a person needs, and words in French and English. The dashboard and the
 * gateway show `text(refusal, lang)`; programs read `code`.
 * @module
 */

export type Refusal =
  | { readonly code: 'machine_unknown'; readonly machine: string }
  | { readonly code: 'member_unknown'; readonly member: string }
  | { readonly code: 'membership_inactive' }
  | { readonly code: 'machine_out_of_order' }
  | { readonly code: 'machine_in_maintenance' }
  | { readonly code: 'no_qualification'; readonly qualification: string }
  | {
      readonly code: 'qualification_expired';
      readonly qualification: string;
      readonly expiredOn: string;
    }
  | {
      readonly code: 'qualification_lapsed';
      readonly qualification: string;
      readonly months: number;
    }
  | { readonly code: 'closed_day'; readonly date: string; readonly reason: string }
  | { readonly code: 'outside_opening_hours' }
  | { readonly code: 'blackout'; readonly reason: string }
  | { readonly code: 'in_the_past' }
  | { readonly code: 'too_far_ahead'; readonly maxDays: number }
  | { readonly code: 'off_grid'; readonly granularityMin: number }
  | { readonly code: 'too_short'; readonly minMin: number }
  | { readonly code: 'too_long'; readonly maxMin: number }
  | { readonly code: 'slot_taken' }
  | {
      readonly code: 'quota_hours_reached';
      readonly period: QuotaPeriod;
      /** A group's quota. */
      readonly group?: string | undefined;
      readonly limitHours: number;
      readonly usedHours: number;
    }
  | {
      readonly code: 'quota_bookings_reached';
      readonly period: QuotaPeriod;
      readonly group?: string | undefined;
      readonly limit: number;
    }
  | { readonly code: 'no_machine_of_kind_free'; readonly kind: string }
  | { readonly code: 'no_machine_of_group_free'; readonly group: string }
  | {
      readonly code: 'not_enough_units_free';
      /** The group or kind asked for. */
      readonly of: string;
      readonly wanted: number;
      readonly free: number;
    }
  | {
      /** More units asked than the group (or kind) has machines at all: no slot would do. */
      readonly code: 'group_too_small';
      readonly of: string;
      readonly wanted: number;
      readonly machines: number;
    }
  | { readonly code: 'group_unknown'; readonly group: string }
  | { readonly code: 'start_outside_staffed_hours' }
  | { readonly code: 'cancel_deadline_passed'; readonly deadlineMin: number }
  | { readonly code: 'move_deadline_passed'; readonly deadlineMin: number }
  | { readonly code: 'not_cancellable'; readonly status: string }
  | { readonly code: 'slot_not_started' }
  | { readonly code: 'slot_over' }
  | { readonly code: 'job_still_running' }
  | { readonly code: 'not_your_slot'; readonly until: string }
  | { readonly code: 'next_slot_soon'; readonly at: string }
  | { readonly code: 'workshop_closed_now' }
  | { readonly code: 'walk_ins_refused' }
  | { readonly code: 'access_code_unknown' }
  | { readonly code: 'not_member_of_site'; readonly site: string }
  | { readonly code: 'walk_in_at_machine_only' }
  | { readonly code: 'machine_in_use'; readonly until: string }
  | { readonly code: 'awaiting_check'; readonly what: string; readonly since: string }
  | { readonly code: 'round_closed'; readonly round: string }
  | { readonly code: 'outside_round'; readonly from: string; readonly to: string };

export type RefusalCode = Refusal['code'];
export type QuotaPeriod = 'day' | 'week' | 'month';
export type Lang = 'fr' | 'en';

const periodText = {
  fr: { day: 'jour', week: 'semaine', month: 'mois' },
  en: { day: 'day', week: 'week', month: 'month' },
} as const;
const hours = (n: number, lang: Lang) =>
  `${Number.isInteger(n) ? n : n.toFixed(1)} h`.replace('.', lang === 'fr' ? ',' : '.');

const onGroup = (group: string | undefined, lang: Lang) =>
  group === undefined ? '' : lang === 'fr' ? ` sur le groupe « ${group} »` : ` on group "${group}"`;

/** The reason in words a person understands. */
export function refusalText(r: Refusal, lang: Lang): string {
  const fr = lang === 'fr';
  switch (r.code) {
    case 'machine_unknown':
      return fr ? `Machine inconnue : « ${r.machine} ».` : `Unknown machine "${r.machine}".`;
    case 'member_unknown':
      return fr ? `Membre inconnu : « ${r.member} ».` : `Unknown member "${r.member}".`;
    case 'membership_inactive':
      return fr ? 'Votre adhésion n’est pas active.' : 'Your membership is not active.';
    case 'machine_out_of_order':
      return fr ? 'La machine est hors service.' : 'The machine is out of order.';
    case 'machine_in_maintenance':
      return fr ? 'La machine est en maintenance.' : 'The machine is under maintenance.';
    case 'no_qualification':
      return fr
        ? `Il vous faut la formation « ${r.qualification} » pour réserver cette machine.`
        : `You need the "${r.qualification}" training to book this machine.`;
    case 'qualification_expired':
      return fr
        ? `Votre formation « ${r.qualification} » expire le ${r.expiredOn}, avant ce créneau.`
        : `Your "${r.qualification}" training expires on ${r.expiredOn}, before this slot.`;
    case 'qualification_lapsed':
      return fr
        ? `Votre formation « ${r.qualification} » est caduque : machine non utilisée depuis plus de ${r.months} mois. Demandez une remise à niveau.`
        : `Your "${r.qualification}" training has lapsed: machine not used for over ${r.months} months. Ask for a refresher.`;
    case 'closed_day':
      return fr
        ? `L’atelier est fermé le ${r.date} (${r.reason}).`
        : `The workshop is closed on ${r.date} (${r.reason}).`;
    case 'outside_opening_hours':
      return fr ? 'Le créneau sort des heures d’ouverture.' : 'The slot is outside opening hours.';
    case 'blackout':
      return fr
        ? `Réservations suspendues sur cette période : ${r.reason}.`
        : `No reservations in this period: ${r.reason}.`;
    case 'in_the_past':
      return fr ? 'Le créneau est déjà passé.' : 'The slot is in the past.';
    case 'too_far_ahead':
      return fr
        ? `Vous pouvez réserver au plus ${r.maxDays} jours à l’avance.`
        : `You can book at most ${r.maxDays} days ahead.`;
    case 'off_grid':
      return fr
        ? `Les créneaux commencent et finissent par pas de ${r.granularityMin} min.`
        : `Slots start and end on ${r.granularityMin}-minute steps.`;
    case 'too_short':
      return fr ? `Durée minimale : ${r.minMin} min.` : `Minimum length: ${r.minMin} min.`;
    case 'too_long':
      return fr ? `Durée maximale : ${r.maxMin} min.` : `Maximum length: ${r.maxMin} min.`;
    case 'slot_taken':
      return fr ? 'Ce créneau est déjà réservé.' : 'This slot is already booked.';
    case 'quota_hours_reached':
      return fr
        ? `Quota atteint : ${hours(r.usedHours, lang)} réservées sur ${hours(r.limitHours, lang)} par ${periodText.fr[r.period]}${onGroup(r.group, lang)}.`
        : `Quota reached: ${hours(r.usedHours, lang)} booked of ${hours(r.limitHours, lang)} per ${periodText.en[r.period]}${onGroup(r.group, lang)}.`;
    case 'quota_bookings_reached':
      return fr
        ? `Quota atteint : ${r.limit} réservation(s) par ${periodText.fr[r.period]}${onGroup(r.group, lang)}.`
        : `Quota reached: ${r.limit} reservation(s) per ${periodText.en[r.period]}${onGroup(r.group, lang)}.`;
    case 'no_machine_of_group_free':
      return fr
        ? `Aucune machine du groupe « ${r.group} » n’est libre sur ce créneau.`
        : `No machine of group "${r.group}" is free in this slot.`;
    case 'not_enough_units_free':
      return fr
        ? `Vous demandez ${r.wanted} machines « ${r.of} » ; ${r.free} seulement sont libres sur ce créneau.`
        : `You ask for ${r.wanted} "${r.of}" machines; only ${r.free} are free in this slot.`;
    case 'group_too_small':
      return fr
        ? `Vous demandez ${r.wanted} machines « ${r.of} » ; le groupe n’en compte que ${r.machines}.`
        : `You ask for ${r.wanted} "${r.of}" machines; the group has only ${r.machines}.`;
    case 'group_unknown':
      return fr
        ? `Aucune machine n’appartient au groupe « ${r.group} » sur vos sites.`
        : `No machine belongs to group "${r.group}" on your sites.`;
    case 'start_outside_staffed_hours':
      return fr
        ? 'Le créneau doit commencer pendant les heures d’ouverture (le travail peut ensuite tourner sans surveillance).'
        : 'The slot must start during opening hours (the job may then run on unattended).';
    case 'no_machine_of_kind_free':
      return fr
        ? `Aucune machine de type « ${r.kind} » n’est libre sur ce créneau.`
        : `No ${r.kind} machine is free in this slot.`;
    case 'cancel_deadline_passed':
      return fr
        ? `L’annulation n’est plus possible moins de ${r.deadlineMin} min avant le début.`
        : `Cancelling is no longer possible less than ${r.deadlineMin} min before the start.`;
    case 'move_deadline_passed':
      return fr
        ? `Le déplacement n’est plus possible moins de ${r.deadlineMin} min avant le début.`
        : `Moving is no longer possible less than ${r.deadlineMin} min before the start.`;
    case 'slot_not_started':
      return fr
        ? 'Le créneau n’a pas commencé : annulez-le plutôt.'
        : 'The slot has not started: cancel it instead.';
    case 'slot_over':
      return fr ? 'Le créneau est déjà terminé.' : 'The slot is already over.';
    case 'job_still_running':
      return fr
        ? 'Un travail tourne encore sur la machine : le créneau se libère quand il finit.'
        : 'A job is still running on the machine: the slot frees when it ends.';
    case 'not_your_slot':
      return fr
        ? `Quelqu’un d’autre a réservé la machine jusqu’à ${r.until}.`
        : `Someone else has booked the machine until ${r.until}.`;
    case 'next_slot_soon':
      return fr
        ? `La machine est réservée à ${r.at} : pas assez de temps pour un usage sans réservation.`
        : `The machine is booked at ${r.at}: not enough time to use it without a reservation.`;
    case 'workshop_closed_now':
      return fr ? 'L’atelier est fermé à cette heure.' : 'The workshop is closed at this time.';
    case 'walk_ins_refused':
      return fr
        ? 'Cette machine s’utilise sur réservation seulement.'
        : 'This machine is used by booking only.';
    case 'access_code_unknown':
      return fr ? 'Code inconnu.' : 'Unknown code.';
    case 'machine_in_use':
      return fr
        ? `Quelqu’un d’autre utilise la machine jusqu’à ${r.until}.`
        : `Someone else is using the machine until ${r.until}.`;
    case 'awaiting_check':
      return fr
        ? `La machine attend la vérification après usage depuis ${r.since} (${r.what}) : la personne qui l’a utilisée ou un responsable la confirme d’abord.`
        : `The machine awaits its after-use check since ${r.since} (${r.what}): the person who used it or a manager confirms it first.`;
    case 'walk_in_at_machine_only':
      return fr
        ? 'Sans réservation, démarrez la machine sur place avec votre code.'
        : 'Without a reservation, start the machine in person with your code.';
    case 'not_member_of_site':
      return fr
        ? `Vous n’êtes pas membre de l’atelier « ${r.site} ».`
        : `You are not a member of workshop "${r.site}".`;
    case 'round_closed':
      return fr
        ? `Le tour de réservation « ${r.round} » n’accepte plus de demandes.`
        : `Booking round "${r.round}" no longer takes requests.`;
    case 'outside_round':
      return fr
        ? `Les créneaux souhaités doivent tenir entre le ${r.from} et le ${r.to}.`
        : `Wished slots must fit between ${r.from} and ${r.to}.`;
    case 'not_cancellable':
      return fr
        ? `Une réservation à l’état « ${r.status} » ne peut plus changer.`
        : `A reservation in state "${r.status}" can no longer change.`;
  }
}

/** The refusal with its words in both languages, as the API answers it. */
export function describeRefusal(r: Refusal) {
  return { ...r, message: { fr: refusalText(r, 'fr'), en: refusalText(r, 'en') } };
}
