/**
 * Pure helpers of the machines screen: a machine's booking rules as a form (minutes typed as
 * text, empty meaning "the site's rule"), a price typed in euros to the server's cents, and what
 * an outage would do, counted for the confirmation.
 * @module
 */

/** The rule overrides a manager sets on a machine, in the order the form shows them (minutes). */
export const RULE_FIELDS = [
  'granularityMin',
  'minMin',
  'maxMin',
  'cancelDeadlineMin',
  'moveDeadlineMin',
  'noShowGraceMin',
  'releaseGraceMin',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export type RulesForm = Readonly<Record<RuleField, string>>;
export type Rules = Partial<Record<RuleField, number>>;

export function rulesForm(rules: Rules): RulesForm {
  return Object.fromEntries(
    RULE_FIELDS.map((f) => [f, rules[f] === undefined ? '' : String(rules[f])]),
  ) as RulesForm;
}

/**
 * The overrides typed in: an empty field keeps the site's rule; anything else must be a whole
 * number of minutes (the server checks the ranges and says which field is wrong).
 */
export function rulesOf(form: RulesForm): { rules: Rules; wrong: RuleField[] } {
  const rules: Rules = {};
  const wrong: RuleField[] = [];
  for (const f of RULE_FIELDS) {
    const text = form[f].trim();
    if (text === '') continue;
    if (/^\d+$/.test(text)) rules[f] = Number(text);
    else wrong.push(f);
  }
  return { rules, wrong };
}

/** Access at the machine's rules of a machine, as its form holds them ('' : the site's rule). */
export interface AccessRulesForm {
  readonly walkIns: '' | 'allowed' | 'refused';
  readonly afterUseCheck: string;
}

export const accessRulesForm = (rules: {
  readonly walkIns?: 'allowed' | 'refused' | undefined;
  readonly afterUseCheck?: string | undefined;
}): AccessRulesForm => ({ walkIns: rules.walkIns ?? '', afterUseCheck: rules.afterUseCheck ?? '' });

/**
 * The machine's rules to save: the minutes typed, its access rules, and the rules the form does
 * not show (staffedHours…) kept as they were — saving the form must not drop them.
 */
export function savedRules<T extends object>(
  stored: T,
  minutes: Rules,
  access: AccessRulesForm,
): Record<string, unknown> {
  const kept: Record<string, unknown> = Object.fromEntries(
    Object.entries(stored).filter(
      ([k]) =>
        !(RULE_FIELDS as readonly string[]).includes(k) && k !== 'walkIns' && k !== 'afterUseCheck',
    ),
  );
  return {
    ...kept,
    ...minutes,
    ...(access.walkIns ? { walkIns: access.walkIns } : {}),
    ...(access.afterUseCheck.trim() ? { afterUseCheck: access.afterUseCheck.trim() } : {}),
  };
}

/** "12,50", "12.5", "12" € → 1250 cents; null when it is not an amount. */
export function centsOf(euros: string): number | null {
  const text = euros.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

/** Cents as the form shows them: 1250 → "12,50" (fr) / "12.50" (en). */
export function eurosText(cents: number, locale: 'fr' | 'en'): string {
  const text = (cents / 100).toFixed(2);
  return locale === 'fr' ? text.replace('.', ',') : text;
}

export interface OutageEffect {
  readonly moved: readonly { readonly member: string }[];
  readonly cancelled: readonly { readonly member: string }[];
}

/** How many reservations an outage moves and cancels, and how many people it touches. */
export function outageCounts(effect: OutageEffect): {
  moved: number;
  cancelled: number;
  people: number;
} {
  const people = new Set([...effect.moved, ...effect.cancelled].map((r) => r.member));
  return { moved: effect.moved.length, cancelled: effect.cancelled.length, people: people.size };
}
