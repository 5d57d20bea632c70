import { describe, expect, it } from 'vitest';
import { accessCodeProblem } from './access-code.js';

describe('accessCodeProblem', () => {
  it('takes 6 to 32 letters or digits, a badge’s hex code too', () => {
    expect(accessCodeProblem('246810')).toBeNull();
    expect(accessCodeProblem(' 04A3F2B1C9 ')).toBeNull();
  });
  it('names what is wrong: empty, other characters, too short, too long', () => {
    expect(accessCodeProblem('  ')).toBe('access.problem.empty');
    expect(accessCodeProblem('12 34 56')).toBe('access.problem.characters');
    expect(accessCodeProblem('12-3456')).toBe('access.problem.characters');
    expect(accessCodeProblem('12345')).toBe('access.problem.short');
    expect(accessCodeProblem('1'.repeat(33))).toBe('access.problem.long');
  });
});
