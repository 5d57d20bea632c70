import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.js';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+33 1 23', "'+33 1 23"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tjob', "'\tjob"],
    ['\rjob', `"'\rjob"`],
  ])('prefixes the formula %j so the sheet shows text', (value, cell) => {
    expect(csvCell(value, ';')).toBe(cell);
  });

  it('leaves plain text and numbers, negative ones too, as they are', () => {
    expect(csvCell('Camille Roux', ';')).toBe('Camille Roux');
    expect(csvCell('-1,5', ';')).toBe('-1,5');
    expect(csvCell('-2.25', ',')).toBe('-2.25');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('Découpe; laser', ';')).toBe('"Découpe; laser"');
  });
});
