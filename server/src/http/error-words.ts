/**
 * The handlers' error messages in French. Handlers write English (`new ApiError('not_found',
 * \`no member "${id}"\`)`); the error handler answers in the caller's language (`Accept-Language`,
 * French unless English comes first) by finding the message's form here. A form names each value
 * in braces (`no member "{id}"`); a value that is itself a form (`only a manager may {what}` with
 * `what` = `grant a training`) is put in French too. A test scans `src` for every message given to
 * `ApiError` and fails when one has no French here.
 * @module
 */
export const ERROR_WORDS_FR: Readonly<Record<string, string>> = {
  // Who may do what (http/actor.ts and the routes).
  'log in first (session cookie, or Authorization: Bearer with an API token)':
    'connectez-vous d’abord (cookie de session, ou Authorization: Bearer avec un jeton d’API)',
  'this API token is unknown or revoked': 'ce jeton d’API est inconnu ou révoqué',
  'this API token is read-only': 'ce jeton d’API est en lecture seule',
  'cross-site request refused: a write with a session cookie must come from this site (Origin header)':
    'requête d’un autre site refusée : une écriture avec un cookie de session doit venir de ce site (en-tête Origin)',
  'this is for {allowed}; you are {role}':
    'ceci est réservé aux rôles {allowed} ; vous êtes {role}',
  'you manage site "{mine}", not "{theirs}"': 'vous gérez le site « {mine} », pas « {theirs} »',
  'only a manager may {what}': 'seul un responsable peut {what}',
  'only an administrator invites managers and administrators':
    'seul un administrateur invite des responsables et des administrateurs',
  'an artisan books for themselves only': 'un artisan réserve pour lui-même seulement',
  // Access at the machine (http/machines/access.ts, http/members/access-code.ts).
  'a manager names the member who starts the machine':
    'un responsable indique le membre qui démarre la machine',
  'an artisan starts a machine for themselves only':
    'un artisan démarre une machine pour lui-même seulement',
  'a gateway’s id and secret (HTTP Basic) are needed':
    'il faut l’identifiant et le secret d’une passerelle (HTTP Basic)',
  'gateway "{gateway}" does not serve machine "{machine}"':
    'la passerelle « {gateway} » ne sert pas la machine « {machine} »',
  'this code is taken: choose another one': 'ce code est déjà pris : choisissez-en un autre',
  // After-use checks (http/machines/after-use-check.ts).
  'no grant of yours runs on machine "{id}"':
    'aucun accès à vous n’est en cours sur la machine « {id} »',
  'machine "{id}" awaits no after-use check':
    'la machine « {id} » n’attend aucune vérification après usage',
  'from, to: at most {max} days apart, not {days}':
    'from, to : au plus {max} jours d’écart, pas {days}',
  'only the person who used the machine or a manager confirms its check':
    'seuls la personne qui a utilisé la machine ou un responsable confirment sa vérification',
  'an artisan lists their own reservations (member = yourself); the machine calendar shows busy slots':
    'un artisan voit ses propres réservations (member = vous) ; le calendrier de la machine montre les créneaux pris',
  'only a manager moves a booking to another machine':
    'seul un responsable déplace une réservation vers une autre machine',
  'an artisan submits requests for themselves only':
    'un artisan dépose des demandes pour lui-même seulement',
  'an artisan attaches use to themselves only': 'un artisan rattache un usage à lui-même seulement',
  'an artisan waits for themselves only':
    'un artisan s’inscrit en liste d’attente pour lui-même seulement',
  'an artisan sees their own waiting only': 'un artisan voit seulement ses propres attentes',
  'an artisan sees their own usage only': 'un artisan voit seulement son propre usage',
  // What a manager may do (values of "only a manager may {what}").
  'approve a booking': 'approuver une réservation',
  'see the after-use checks': 'voir les vérifications après usage',
  'reject a booking': 'refuser une réservation',
  'change a member': 'modifier un membre',
  'list members': 'lister les membres',
  'see the sessions behind a report': 'voir les sessions derrière un rapport',
  'see the kept reports': 'voir les rapports conservés',
  'register a member of a network': 'inscrire un membre d’un réseau',
  'remove a member of a network': 'retirer un membre d’un réseau',
  'see the report recipients': 'voir les destinataires des rapports',
  'choose the report recipients': 'choisir les destinataires des rapports',
  'no member site "{site}"': 'aucun site membre « {site} »',
  // Networks of sites (http/network, services/network).
  'network: no site "{network}" on this instance':
    'network: aucun site « {network} » sur cette instance',
  'publicKey: an Ed25519 key is needed, this one is {type}':
    'publicKey: il faut une clé Ed25519, celle-ci est {type}',
  'publicKey: not a PEM public key (-----BEGIN PUBLIC KEY-----)':
    'publicKey: ce n’est pas une clé publique PEM (-----BEGIN PUBLIC KEY-----)',
  'site "{site}" is already a member of network "{network}"':
    'le site « {site} » est déjà membre du réseau « {network} »',
  'aggregate.site: a site id is needed': 'aggregate.site: il faut l’identifiant d’un site',
  'site "{site}" is not a registered member of this network':
    'le site « {site} » n’est pas un membre inscrit de ce réseau',
  'the signature does not match the aggregate and the key registered for site "{site}": altered or not signed by it':
    'la signature ne correspond pas à l’agrégat et à la clé inscrite pour le site « {site} » : modifié, ou pas signé par lui',
  'aggregate.v: version {v} is the one read': 'aggregate.v: seule la version {v} est lue',
  'aggregate.issuedAt: an ISO 8601 instant is needed':
    'aggregate.issuedAt: il faut un instant ISO 8601',
  'aggregate.issuedAt: in the future, check the site’s clock':
    'aggregate.issuedAt: dans le futur, vérifiez l’horloge du site',
  'aggregate.report: not a funder report (fields missing or more than a funder view holds)':
    'aggregate.report: ce n’est pas un bilan financeur (champs manquants, ou plus que ce qu’en contient la vue financeur)',
  'aggregate.report: a funder view is needed, not a manager’s':
    'aggregate.report: il faut la vue financeur, pas celle d’un responsable',
  'aggregate.period: differs from the report’s period':
    'aggregate.period: diffère de la période du bilan',
  'replay refused: an aggregate of site "{site}" for {period} issued at {held} is held, this one was issued at {issued}':
    'rejeu refusé : un agrégat du site « {site} » pour {period} émis le {held} est déjà détenu, celui-ci a été émis le {issued}',
  'no member of network "{network}" has sent its aggregate for {period} yet':
    'aucun membre du réseau « {network} » n’a encore envoyé son agrégat pour {period}',
  'request body over 2 MiB': 'corps de requête de plus de 2 Mio',
  'grant a training': 'attribuer une formation',
  'revoke a training': 'retirer une formation',
  'change a training': 'modifier une formation',
  'change a plan': 'modifier une formule',
  'list organisations': 'lister les organisations',
  'change an organisation': 'modifier une organisation',
  'change a machine': 'modifier une machine',
  'take a machine out of service': 'mettre une machine hors service',
  'write in a machine’s maintenance log': 'écrire dans le carnet d’entretien d’une machine',
  'change a site': 'modifier un site',
  'open a booking round': 'ouvrir une campagne de réservation',
  'run the allocator': 'lancer l’attribution',
  'publish a round': 'publier une campagne',
  'credit hours': 'créditer des heures',
  'see everyone’s totals': 'voir les totaux de tout le monde',
  'see an organisation’s balance': 'voir le solde d’une organisation',
  'read the audit log': 'lire le journal d’audit',
  'issue gateway credentials': 'émettre les identifiants d’une passerelle',
  'revoke gateway credentials': 'révoquer les identifiants d’une passerelle',
  // Sites are tenants (http/actor.ts, the routes).
  'you manage no site, not "{site}"': 'vous ne gérez aucun site, pas « {site} »',
  'only an administrator may {what}': 'seul un administrateur peut {what}',
  '{what} common to every site': '{what} commun à tous les sites',
  'change this plan': 'modifier cette formule',
  'change this training': 'modifier cette formation',
  'only a manager of their sites credits a member':
    'seul un responsable de ses sites crédite un membre',
  'sites: a funder reads the sites they fund: give sites':
    'sites: un financeur lit les sites qu’il finance : donnez sites',
  'sites: no site "{id}"': 'sites: aucun site « {id} »',
  'invite someone': 'inviter quelqu’un',
  'machines: "{machine}" is a machine of site "{theirs}", not "{site}"':
    'machines: « {machine} » est une machine du site « {theirs} », pas « {site} »',
  'machines: "{machine}" is already spoken for by gateway "{gateway}" (site "{site}")':
    'machines: « {machine} » est déjà servie par la passerelle « {gateway} » (site « {site} »)',
  'rotate this gateway’s credentials': 'renouveler les identifiants de cette passerelle',
  'machine id "{id}" is taken by site "{site}": choose another id':
    'l’identifiant de machine « {id} » est pris par le site « {site} » : choisissez-en un autre',
  'machine "{id}" belongs to site "{site}": a machine does not move between sites':
    'la machine « {id} » appartient au site « {site} » : une machine ne change pas de site',
  'machine id "{id}" is taken by site "{site}" (gateway "{gateway}"): choose another id':
    'l’identifiant de machine « {id} » est pris par le site « {site} » (passerelle « {gateway} ») : choisissez-en un autre',
  'qualification: no training "{id}" on site "{site}"':
    'qualification: aucune formation « {id} » sur le site « {site} »',
  'member id "{id}" is taken on another site: an administrator adds a member to a second site':
    'l’identifiant de membre « {id} » est pris sur un autre site : un administrateur ajoute un membre à un second site',
  'sites: say which sites the member belongs to': 'sites: dites à quels sites le membre appartient',
  'plan: "{plan}" is a plan of site "{site}", not of the member’s sites':
    'plan: « {plan} » est une formule du site « {site} », pas des sites du membre',
  '"{training}" is a training of site "{site}"':
    '« {training} » est une formation du site « {site} »',
  'member "{id}" is also on site "{site}": an administrator erases them':
    'le membre « {id} » est aussi sur le site « {site} » : un administrateur l’efface',
  'put a member on a site': 'mettre un membre sur un site',
  'organisation "{id}" has no member on your sites':
    'l’organisation « {id} » n’a aucun membre sur vos sites',
  'organisation "{id}" also has members on site "{sites}": an administrator changes it':
    'l’organisation « {id} » a aussi des membres sur le site « {sites} » : un administrateur la modifie',
  'siret: {siret} is the SIRET of organisation "{id}" ({name})':
    'siret: {siret} est le SIRET de l’organisation « {id} » ({name})',
  'member "{id}" is not a member of site "{site}"': '« {id} » n’est pas membre du site « {site} »',
  'member: "{id}" is not a member of site "{site}"':
    'member: « {id} » n’est pas membre du site « {site} »',
  'move a booking to this site': 'déplacer une réservation vers ce site',
  'book on this site': 'réserver sur ce site',
  'round "{id}" belongs to site "{site}": a round does not move between sites':
    'la campagne « {id} » appartient au site « {site} » : une campagne ne change pas de site',
  'change this booking round': 'modifier cette campagne de réservation',
  'add to this site’s waitlist': 'inscrire sur la liste d’attente de ce site',
  'too many live feeds from your address ({cap}): close one or log in':
    'trop de flux en direct depuis votre adresse ({cap}) : fermez-en un ou connectez-vous',
  'no route /metrics': 'aucune route /metrics',
  // Not found.
  'no {what}': 'introuvable : {what}',
  'no {what} "{id}"': 'introuvable : {what} « {id} »',
  'reservation "{id}"': 'réservation « {id} »',
  'waitlist entry "{id}"': 'inscription en liste d’attente « {id} »',
  'no member "{id}"': 'aucun membre « {id} »',
  'no organisation "{id}"': 'aucune organisation « {id} »',
  // Reports (http/reports/scope.ts).
  'this funder account funds no site yet: a manager or an admin must assign its site':
    'ce compte financeur ne finance encore aucun site : un responsable ou un administrateur doit lui attribuer son site',
  'no kept report for {site} in {month}': 'aucun rapport conservé pour {site} en {month}',
  'reports are for managers and funders':
    'les rapports sont réservés aux responsables et aux financeurs',
  'site: name the site(s) to report on (site=atelier-demo)':
    'site: nommez le ou les sites du rapport (site=atelier-demo)',
  'you may report on {mine}, not "{site}"':
    'vous pouvez faire le rapport de « {mine} », pas de « {site} »',
  'member: no member "{id}"': 'member: aucun membre « {id} »',
  'no machine "{id}"': 'aucune machine « {id} »',
  'no machine "{id}" has reported yet': 'la machine « {id} » n’a encore rien envoyé',
  'no machine group "{group}" on site "{site}"':
    'aucun groupe de machines « {group} » sur le site « {site} »',
  'no reservation "{id}"': 'aucune réservation « {id} »',
  'no site "{id}"': 'aucun site « {id} »',
  'site: no site "{id}"': 'site: aucun site « {id} »',
  'no training "{id}"': 'aucune formation « {id} »',
  'qualification: no training "{id}"': 'qualification: aucune formation « {id} »',
  'plan: no plan "{id}"': 'plan: aucune formule « {id} »',
  'organisation: no organisation "{id}"': 'organisation: aucune organisation « {id} »',
  'member "{id}" does not hold "{training}"':
    'le membre « {id} » n’a pas la formation « {training} »',
  'no usage session "{id}"': 'aucune session d’usage « {id} »',
  'usage session "{id}" already has {grams} g of material recorded: a manager corrects it':
    'la session d’usage « {id} » a déjà {grams} g de matière enregistrés : un responsable les corrige',
  'no gateway "{id}"': 'aucune passerelle « {id} »',
  'gateway "{id}" is already revoked': 'la passerelle « {id} » est déjà révoquée',
  'no active token "{id}" of yours': 'aucun jeton actif « {id} » à vous',
  'no such calendar': 'calendrier introuvable',
  'no booking round "{id}"': 'aucune campagne de réservation « {id} »',
  'no request "{request}" of yours in round "{round}"':
    'aucune demande « {request} » à vous dans la campagne « {round} »',
  'no request "{request}" in round "{round}"':
    'aucune demande « {request} » dans la campagne « {round} »',
  'no API route {method} {path}': 'aucune route d’API {method} {path}',
  // States that forbid the action.
  'waitlist entry "{id}" is {status}': 'l’inscription en liste d’attente « {id} » est {status}',
  'round "{id}" is {status}: it cannot change':
    'la campagne « {id} » est {status} : elle ne peut plus changer',
  'round "{id}" is already published': 'la campagne « {id} » est déjà publiée',
  'round "{id}" is published: cancel the reservation instead':
    'la campagne « {id} » est publiée : annulez plutôt la réservation',
  'round "{id}" is {status}: propose an allocation first':
    'la campagne « {id} » est {status} : proposez d’abord une attribution',
  'machine {id} already holds a reservation overlapping this slot':
    'la machine {id} a déjà une réservation sur ce créneau',
  'an account already uses {email}': 'un compte utilise déjà {email}',
  'email: {email} already belongs to another member':
    'email: {email} appartient déjà à un autre membre',
  'wrong email or password': 'adresse ou mot de passe incorrect',
  // Already in the caller's language (auth/index.ts words the policy's reasons itself).
  'password: {problems}': 'password: {problems}',
  'the password is too weak: {problems}': 'le mot de passe est trop faible : {problems}',
  'this invitation link is invalid, used or expired':
    'ce lien d’invitation est invalide, déjà utilisé ou expiré',
  'this reset link is invalid, used or expired':
    'ce lien de réinitialisation est invalide, déjà utilisé ou expiré',
  'confirm: repeat the member id to erase it':
    'confirm: répétez l’identifiant du membre pour l’effacer',
  'invalid cursor: pass the nextCursor of the previous page unchanged':
    'curseur invalide : repassez tel quel le nextCursor de la page précédente',
  // Limits and outages.
  'too many bookings: try again in {s} s': 'trop de réservations : réessayez dans {s} s',
  'too many requests: try again in {s} s': 'trop de requêtes : réessayez dans {s} s',
  'request body over 64 KiB': 'corps de requête de plus de 64 Kio',
  'tz: unknown time zone "{tz}"': 'tz: fuseau horaire inconnu « {tz} »',
  'utilisation needs the InfluxDB history, and INFLUX_URL is not set':
    'l’utilisation demande l’historique InfluxDB, et INFLUX_URL n’est pas défini',
  'InfluxDB did not answer ({why})': 'InfluxDB n’a pas répondu ({why})',
  'the history needs InfluxDB, and INFLUX_URL is not set on this server':
    'l’historique demande InfluxDB, et INFLUX_URL n’est pas défini sur ce serveur',
  'fields: "{name}" is not a metric name': 'fields: « {name} » n’est pas un nom de mesure',
  'fields: name at least one metric': 'fields: nommez au moins une mesure',
  'fields: at most {n} metrics': 'fields: {n} mesures au plus',
  'internal error; the server log has the details':
    'erreur interne ; le journal du serveur a les détails',
  // Jobs sent to machines (http/jobs, domain/jobs/machine-jobs.ts).
  'you manage no machine of site "{site}"': 'vous ne gérez aucune machine du site « {site} »',
  'only a manager or the holder of the current slot runs a job':
    'seul un responsable ou le titulaire du créneau en cours lance un fichier',
  'you do not hold the current slot on this machine':
    'vous n’êtes pas titulaire du créneau en cours sur cette machine',
  'machine "{id}" has no gateway to run a job':
    'la machine « {id} » n’a pas de passerelle pour lancer un fichier',
  'jobs need the embedded broker (MQTT_URL is set)':
    'les fichiers demandent le broker intégré (MQTT_URL est défini)',
  'the file is over {max} bytes': 'le fichier dépasse {max} octets',
  'the file is empty': 'le fichier est vide',
  'no job file "{id}"': 'aucun fichier de travail « {id} »',
  // Statuses named in the messages above.
  waiting: 'en attente',
  offered: 'proposée',
  booked: 'réservée',
  expired: 'expirée',
  withdrawn: 'retirée',
  open: 'ouverte',
  proposed: 'proposée',
  published: 'publiée',
};
