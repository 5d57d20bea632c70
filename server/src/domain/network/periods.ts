/**
 * Which periods a member site sends its network each round: the month, the quarter and the year
 * under way (so the network follows them, each new aggregate replacing the last) and the ones just
 * before (so late credits still reach the network after a period ends). People counted once per
 * period cannot be added up from months, so each period is its own aggregate. Pure.
 * @module
 */

/** Labels on the site's local calendar, for the local year and month of "now". */
export function periodsToSend(year: number, month: number): string[] {
  const q = Math.ceil(month / 3);
  const pad = (n: number) => String(n).padStart(2, '0');
  const [pm, pmYear] = month === 1 ? [12, year - 1] : [month - 1, year];
  const [pq, pqYear] = q === 1 ? [4, year - 1] : [q - 1, year];
  return [
    `${pmYear}-${pad(pm)}`,
    `${year}-${pad(month)}`,
    `${pqYear}-Q${pq}`,
    `${year}-Q${q}`,
    `${year - 1}`,
    `${year}`,
  ];
}
