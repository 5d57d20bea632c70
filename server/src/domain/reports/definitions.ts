/**
 * Every figure of the report with its name and its definition, in French and English: what is
 * counted, from which records, and how the period's edges are treated. The exports print them.
 * @module
 */
import type { Text, Unit } from './types.js';

export interface Definition {
  readonly label: Text;
  readonly unit: Unit;
  readonly definition: Text;
}

const d = (unit: Unit, label: Text, definition: Text): Definition => ({ label, unit, definition });

export const FIGURES = {
  wallHours: d(
    'hours',
    { fr: 'Heures machine utilisées', en: 'Machine hours used' },
    {
      fr: 'Durée mesurée des sessions d’usage (du début à la fin du travail, pauses comprises) ; une session à cheval sur le début ou la fin de la période ne compte que pour sa part dans la période.',
      en: 'Measured length of usage sessions (start to end of the job, pauses included); a session crossing the period’s start or end counts only for its part inside the period.',
    },
  ),
  activeHours: d(
    'hours',
    { fr: 'Heures actives', en: 'Active hours' },
    {
      fr: 'Temps où la machine travaillait vraiment (impression, faisceau, broche), mesuré par la passerelle ; réparti au prorata quand la session est coupée par la période.',
      en: 'Time the machine was really working (printing, beam, spindle), measured by the gateway; shared in proportion when the period cuts the session.',
    },
  ),
  sessions: d(
    'count',
    { fr: 'Sessions d’usage', en: 'Usage sessions' },
    {
      fr: 'Travaux mesurés ayant au moins une part dans la période.',
      en: 'Measured jobs with at least part of them inside the period.',
    },
  ),
  openingHours: d(
    'hours',
    { fr: 'Heures d’ouverture', en: 'Opening hours' },
    {
      fr: 'Heures d’ouverture du lieu dans la période (horaires hebdomadaires, moins les jours fériés et les fermetures), par machine.',
      en: 'The site’s opening hours in the period (weekly hours, less public holidays and closures), per machine.',
    },
  ),
  utilisation: d(
    'percent',
    { fr: 'Taux d’utilisation', en: 'Utilisation' },
    {
      fr: 'Part des heures d’ouverture pendant lesquelles la machine était en usage (usage hors ouverture exclu, donc au plus 100 %).',
      en: 'Share of opening hours during which the machine was in use (use outside opening hours left out, so at most 100 %).',
    },
  ),
  bookedHours: d(
    'hours',
    { fr: 'Heures réservées', en: 'Hours booked' },
    {
      fr: 'Durée des réservations confirmées, honorées ou non honorées, coupée aux bords de la période.',
      en: 'Length of confirmed, completed and no-show reservations, cut at the period’s edges.',
    },
  ),
  usedOfBookedHours: d(
    'hours',
    { fr: 'Heures réservées et utilisées', en: 'Booked hours used' },
    {
      fr: 'Heures machine des sessions rattachées à une réservation.',
      en: 'Machine hours of sessions attached to a reservation.',
    },
  ),
  walkInHours: d(
    'hours',
    { fr: 'Heures sans réservation', en: 'Walk-in hours' },
    {
      fr: 'Heures machine des sessions qui ne sont rattachées à aucune réservation.',
      en: 'Machine hours of sessions attached to no reservation.',
    },
  ),
  noShows: d(
    'count',
    { fr: 'Réservations non honorées', en: 'No-shows' },
    {
      fr: 'Réservations commençant dans la période sans aucun usage mesuré après le délai de grâce.',
      en: 'Reservations starting in the period with no measured use after the grace period.',
    },
  ),
  earlyReleases: d(
    'count',
    { fr: 'Libérations anticipées', en: 'Early releases' },
    {
      fr: 'Réservations commençant dans la période dont le reste du créneau a été libéré après une fin anticipée (ou, sans libération enregistrée, dont le dernier usage a fini au moins 15 minutes avant la fin).',
      en: 'Reservations starting in the period whose rest of slot was released after an early end (or, with no release recorded, whose last use ended at least 15 minutes before the end).',
    },
  ),
  cancellations: d(
    'count',
    { fr: 'Réservations annulées', en: 'Cancellations' },
    {
      fr: 'Réservations commençant dans la période et annulées.',
      en: 'Reservations starting in the period that were cancelled.',
    },
  ),
  artisans: d(
    'people',
    { fr: 'Artisans et usagers servis', en: 'Artisans and users served' },
    {
      fr: 'Personnes distinctes ayant au moins une session d’usage rattachée dans la période.',
      en: 'Distinct people with at least one attached usage session in the period.',
    },
  ),
  organisations: d(
    'people',
    { fr: 'Organisations servies', en: 'Organisations served' },
    {
      fr: 'Organisations distinctes (entreprises, associations, écoles) dont au moins un membre a utilisé une machine dans la période.',
      en: 'Distinct organisations (businesses, associations, schools) at least one of whose members used a machine in the period.',
    },
  ),
  newArtisans: d(
    'people',
    { fr: 'Nouveaux usagers', en: 'New users' },
    {
      fr: 'Personnes dont le tout premier usage mesuré sur ces lieux tombe dans la période.',
      en: 'People whose very first measured use on these sites falls in the period.',
    },
  ),
  trainings: d(
    'people',
    { fr: 'Formations délivrées', en: 'Trainings granted' },
    {
      fr: 'Formations machine accordées (ou renouvelées) dans la période, pour les formations qu’exigent les machines de ces lieux.',
      en: 'Machine trainings granted (or renewed) in the period, for the trainings the machines of these sites require.',
    },
  ),
  unattributedHours: d(
    'hours',
    { fr: 'Heures non attribuées', en: 'Unattributed hours' },
    {
      fr: 'Heures machine de sessions qu’aucun membre n’a encore réclamées (usage sans réservation non rattaché).',
      en: 'Machine hours of sessions no member has claimed yet (walk-ins not attached).',
    },
  ),
  energyKwh: d(
    'kwh',
    { fr: 'Énergie consommée', en: 'Energy used' },
    {
      fr: 'Énergie mesurée des sessions qui la mesurent (kWh), au prorata quand la période coupe la session ; vide si rien n’est mesuré.',
      en: 'Measured energy of the sessions that measure it (kWh), in proportion when the period cuts the session; empty when nothing is measured.',
    },
  ),
  energyCoverage: d(
    'percent',
    { fr: 'Part des heures avec énergie mesurée', en: 'Share of hours with measured energy' },
    {
      fr: 'Heures machine dont l’énergie est mesurée, sur toutes les heures machine.',
      en: 'Machine hours whose energy is measured, over all machine hours.',
    },
  ),
} as const satisfies Record<string, Definition>;

export type FigureKey = keyof typeof FIGURES;

export const CHANGE: Text = {
  fr: 'Évolution par rapport à la période précédente de même nature (mois, trimestre, année, ou autant de jours juste avant).',
  en: 'Change against the previous period of the same kind (month, quarter, year, or as many days just before).',
};

export const SUPPRESSED: Text = {
  fr: '« s » : secret statistique. Un nombre de personnes entre 1 et {n} − 1 n’est pas publié, et d’autres cases sont masquées pour qu’on ne puisse pas le retrouver par soustraction.',
  en: '“s”: statistical secrecy. A count of people from 1 to {n} − 1 is not published, and other cells are hidden so that it cannot be recovered by subtraction.',
};
