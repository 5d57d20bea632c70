/**
 * Our own validation messages (zod refinements in the route schemas) in French: the API answers in
 * the caller's language (`Accept-Language`), and zod's locale only knows its own words. A test
 * checks that every refinement message of `src/http` is here.
 * @module
 */
export const RULE_WORDS_FR: Readonly<Record<string, string>> = {
  'a month YYYY-MM': 'un mois AAAA-MM',
  'an action such as member.save, or a family such as member.':
    'une action comme member.save, ou une famille comme member.',
  'site ids separated by commas': 'des identifiants de site séparés par des virgules',
  'an INSEE code is 5 digits (2A or 2B and 3 digits in Corsica)':
    'un code INSEE a 5 chiffres (2A ou 2B et 3 chiffres en Corse)',
  'a QPV lies in a town: qpv and rural cannot both be true':
    'un QPV est en ville : qpv et rural ne peuvent être vrais ensemble',
  'a kind needs a site': 'un type de machine demande un site',
  'a period of at most 366 days': 'une période de 366 jours au plus',
  'a period of at most 31 days': 'une période de 31 jours au plus',
  'a quota gives hours, bookings or both':
    'un quota donne des heures, des réservations ou les deux',
  'a round covers at most 62 days': 'une campagne couvre 62 jours au plus',
  'an artisan account acts as a member: give member':
    'un compte artisan agit pour un membre : indiquer member',
  'close must be after open': 'la fermeture doit suivre l’ouverture',
  'end must be after start': 'la fin doit suivre le début',
  'from must be before to': 'from doit précéder to',
  'give either machine or kind (with site)': 'indiquer soit machine, soit kind (avec site)',
  'give either machine or kind': 'indiquer soit machine, soit kind',
  'fr, fr-alsace-moselle, none, or country:XX (ISO country code, optionally -REGION) of a known calendar':
    'fr, fr-alsace-moselle, none, ou country:XX (code pays ISO, éventuellement -RÉGION) d’un calendrier connu',
  'give one of machine, kind or group': 'indiquer un seul parmi machine, kind et group',
  'several units are booked by kind or group, not by machine':
    'plusieurs unités se réservent par kind ou group, pas par machine',
  'give either member or organisation': 'indiquer soit member, soit organisation',
  'the window must hold the duration': 'la fenêtre doit contenir la durée',
  'to must be after from': 'to doit suivre from',
  'to must be after from, at most 400 days later':
    'to doit suivre from, 400 jours plus tard au plus',
  'to must be after from, at most 62 days later': 'to doit suivre from, 62 jours plus tard au plus',
  'to must not be before from': 'to ne doit pas précéder from',
  'a time HH:MM (00:00–24:00)': 'une heure HH:MM (00:00–24:00)',
  'a date YYYY-MM-DD': 'une date AAAA-MM-JJ',
  'an IANA time zone such as Europe/Paris': 'un fuseau horaire IANA comme Europe/Paris',
  'a SIRET is 14 digits with a valid check digit':
    'un SIRET a 14 chiffres et une clé de contrôle valide',
  '6 to 32 letters or digits': '6 à 32 lettres ou chiffres',
  'letters, digits, dot, dash, underscore': 'lettres, chiffres, point, tiret, tiret bas',
  'lowercase letters, digits and dashes (as in MQTT topics)':
    'minuscules, chiffres et tirets (comme dans les sujets MQTT)',
  'ID.ics': 'ID.ics',
};
