/**
 * One group of the navigation as a disclosure menu: a button with `aria-expanded` that shows or
 * hides a list of real links (the APG "disclosure navigation" pattern, not an ARIA menu: links
 * stay links for screen readers). Escape closes and gives the focus back to the button; the arrow
 * keys, Home and End move between the links; leaving the group (focus or a click elsewhere) or
 * following a link closes it.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect, useId, useRef } from 'preact/hooks';
import { Link, place } from '../../router/index.js';
import { holdsPath } from '../../router/nav-entries.js';
import type { PageRoute } from '../../router/routes.js';
import { useI18n } from '../../models/context.js';
import type { MessageKey } from '../../i18n/index.js';
import styles from './style.module.css';

export function NavMenu({ label, pages }: { label: MessageKey; pages: readonly PageRoute[] }) {
  const { t } = useI18n();
  const open = useSignal(false);
  const id = useId();
  const root = useRef<HTMLLIElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const path = place.value.path;
  // A link followed: the page changes, the menu folds.
  useEffect(() => {
    open.value = false;
  }, [path]);
  useEffect(() => {
    if (!open.value) return;
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) open.value = false;
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open.value]);

  const links = () => [...(list.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
  const focusLink = (index: number) => {
    const all = links();
    all[(index + all.length) % all.length]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = links().indexOf(document.activeElement as HTMLAnchorElement);
    switch (event.key) {
      case 'Escape':
        if (!open.value) return;
        open.value = false;
        button.current?.focus();
        break;
      case 'ArrowDown':
        open.value = true;
        // Shown now rather than at the next render, so the focus goes in at once.
        if (list.current) list.current.hidden = false;
        focusLink(at + 1);
        break;
      case 'ArrowUp':
        if (!open.value) return;
        focusLink(at < 0 ? -1 : at - 1);
        break;
      case 'Home':
      case 'End':
        if (at < 0) return;
        focusLink(event.key === 'Home' ? 0 : -1);
        break;
      default:
        return;
    }
    event.preventDefault();
  };
  const here = holdsPath(pages, path);
  return (
    <li
      ref={root}
      class={styles.group}
      onKeyDown={onKeyDown}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (next && !root.current?.contains(next)) open.value = false;
      }}
    >
      <button
        ref={button}
        type="button"
        class={styles.link}
        aria-expanded={open.value}
        aria-controls={id}
        data-here={here ? '' : undefined}
        onClick={() => {
          open.value = !open.value;
        }}
      >
        {t(label)}
        <span class={styles.chevron} aria-hidden="true" />
      </button>
      <ul ref={list} id={id} class={styles.menu} hidden={!open.value}>
        {pages.map((page) => (
          <li key={page.path}>
            <Link href={page.path} class={styles.link}>
              {t(page.nav ?? 'app.name')}
            </Link>
          </li>
        ))}
      </ul>
    </li>
  );
}
