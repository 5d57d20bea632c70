/**
 * A PIN or badge code as the server takes it (6 to 32 letters or digits): the i18n key of what is
 * wrong with one typed, or null. Said before sending, so the person fixes it where they type.
 * @module
 */
export type AccessCodeProblem =
  | 'access.problem.empty'
  | 'access.problem.characters'
  | 'access.problem.short'
  | 'access.problem.long';

export function accessCodeProblem(code: string): AccessCodeProblem | null {
  const c = code.trim();
  if (c === '') return 'access.problem.empty';
  if (!/^[0-9A-Za-z]+$/.test(c)) return 'access.problem.characters';
  if (c.length < 6) return 'access.problem.short';
  if (c.length > 32) return 'access.problem.long';
  return null;
}
