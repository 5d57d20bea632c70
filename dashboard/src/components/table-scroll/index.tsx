/**
 * A table wider than a phone scrolls sideways inside this region, not the page; the region takes
 * the keyboard's focus (arrow keys scroll it) and is named after the table.
 * @module
 */
import type { ComponentChildren } from 'preact';

export function TableScroll({
  label,
  children,
}: {
  readonly label: string;
  readonly children: ComponentChildren;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
