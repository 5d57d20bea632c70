/**
 * The wall's kind filter, kept in the address (`?kind=laser`) so that a wall screen can be set up
 * once by its URL and a link can be shared.
 * @module
 */
import { MACHINE_KINDS, type MachineKind } from '@manufacto/firmware-profiles/contract';

export type KindFilter = MachineKind | 'all';

export function parseKindFilter(search: string): KindFilter {
  const kind = new URLSearchParams(search).get('kind');
  return (MACHINE_KINDS as readonly (string | null)[]).includes(kind)
    ? (kind as MachineKind)
    : 'all';
}

/** The query string for a filter, keeping the other parameters. */
export function withKindFilter(search: string, kind: KindFilter): string {
  const params = new URLSearchParams(search);
  if (kind === 'all') params.delete('kind');
  else params.set('kind', kind);
  const query = params.toString();
  return query ? `?${query}` : '';
}
