/**
 * What a password must be: long enough (12 characters: length beats composition rules, as NIST
 * SP 800-63B says), not one of the passwords everyone tries first, and not the email. Pure.
 * @module
 */
export type PasswordProblem =
  | 'too_short'
  | 'too_long'
  | 'too_common'
  | 'contains_email'
  | 'repetitive';

const COMMON = new Set([
  'motdepasse',
  'motdepasse123',
  'azertyuiop',
  'azerty123456',
  'password',
  'password123',
  '123456789012',
  'qwertyuiop',
  'iloveyou1234',
  'bonjour12345',
  'soleil123456',
  'manufacto123',
  'fablab123456',
  'changeme1234',
]);

export function passwordProblems(password: string, email: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const chars = [...password];
  if (chars.length < 12) problems.push('too_short');
  if (chars.length > 200) problems.push('too_long');
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('too_common');
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) problems.push('contains_email');
  if (new Set(chars).size <= 3) problems.push('repetitive');
  return problems;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, { fr: string; en: string }> = {
  too_short: { fr: 'au moins 12 caractères', en: 'at least 12 characters' },
  too_long: { fr: 'au plus 200 caractères', en: 'at most 200 characters' },
  too_common: { fr: 'un mot de passe trop courant', en: 'a password too common' },
  contains_email: { fr: 'ne doit pas contenir votre adresse', en: 'must not contain your email' },
  repetitive: { fr: 'trop répétitif', en: 'too repetitive' },
};
