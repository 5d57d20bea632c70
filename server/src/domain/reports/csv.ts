/**
 * One CSV cell, safe to open in a spreadsheet. A cell starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return is a formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` in a
 * job name a gateway sent, a member's name): it is prefixed with `'` so the sheet shows text
 * (OWASP "CSV injection"). A plain number (`-1,5`) stays a number. Every CSV export uses this.
 * @module
 */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(?:[.,]\d+)?$/;

export function csvCell(value: string, separator: string): string {
  const text = FORMULA.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
