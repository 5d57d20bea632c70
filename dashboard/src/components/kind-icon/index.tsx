/**
 * A line drawing of each kind of machine, simple enough to read at a glance across the workshop.
 * @module
 */
import type { MachineKind } from '@manufacto/firmware-profiles/contract';
import type { JSX } from 'preact';

const DRAWINGS: Readonly<Record<MachineKind, JSX.Element>> = {
  // A gantry, the nozzle and a part on the bed.
  printer: (
    <>
      <path d="M4 21V4h16v17" />
      <path d="M4 8h16" />
      <path d="M10 8v3h4V8M11 11l1 2 1-2" />
      <path d="M8 21v-3h8v3" />
      <path d="M2 21h20" />
    </>
  ),
  // A head above the sheet, its beam, and a cut line.
  laser: (
    <>
      <rect x="8" y="2.5" width="8" height="6" rx="1" />
      <path d="M12 8.5v8" stroke-dasharray="2 1.6" />
      <path d="M3 19.5h18" />
      <path d="M12 16.5l-1.5 3h3z" />
    </>
  ),
  // A spindle with its end mill over the stock.
  cnc: (
    <>
      <rect x="7.5" y="2.5" width="9" height="7" rx="1" />
      <path d="M10 9.5h4l-1 2.5h-2z" />
      <path d="M12 12v5M10.5 13.5l3 1M10.5 15.5l3 1" />
      <rect x="3" y="18" width="18" height="3.5" rx="0.5" />
    </>
  ),
  // A plain box with a dial.
  other: (
    <>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
      <circle cx="12" cy="12" r="3.5" />
      <path d="M12 12l2-2" />
    </>
  ),
};

export interface KindIconProps {
  readonly kind: MachineKind;
  /** What the drawing says ("Imprimante 3D"); without it the icon is decorative. */
  readonly label?: string;
  readonly class?: string | undefined;
}

export function KindIcon({ kind, label, class: className }: KindIconProps) {
  return (
    <svg
      class={className}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : 'true'}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.6"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {label && <title>{label}</title>}
      {DRAWINGS[kind]}
    </svg>
  );
}
