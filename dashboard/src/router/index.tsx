/**
 * The dashboard's router: the address as a signal, `navigate()`, `<Link>`, and `lazy()` for views
 * loaded on demand (each page is its own chunk; the first screen downloads only the shell). A few
 * dozen lines instead of a package: history API and a table of paths (`routes.ts`).
 * @module
 */
import { signal } from '@preact/signals';
import type { ComponentChildren, ComponentType, JSX } from 'preact';

export interface Place {
  readonly path: string;
  readonly query: URLSearchParams;
  /** After `#`, without it: invitation and reset links carry their one-time token there. */
  readonly hash: string;
}

function read(): Place {
  const { pathname, search, hash } = window.location;
  return { path: pathname, query: new URLSearchParams(search), hash: hash.replace(/^#/, '') };
}

/** Where the browser is; pages read it, `navigate()` and the back button change it. */
export const place = signal<Place>(typeof window === 'undefined' ? emptyPlace() : read());

function emptyPlace(): Place {
  return { path: '/', query: new URLSearchParams(), hash: '' };
}

/**
 * The parameters of `path` if it fits `pattern` (`/machines/:id` fits `/machines/prusa-1` with
 * `{ id: 'prusa-1' }`), else null. Parameters are decoded; a trailing slash is ignored.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const got = have[i] ?? '';
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(got);
      } catch {
        return null;
      }
    } else if (part !== got) return null;
  }
  return params;
}

export function startRouter(): void {
  window.addEventListener('popstate', () => {
    place.value = read();
  });
}

/** Goes to `to` (a path with its query) without reloading; focus moves to the new page's title. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  place.value = read();
  window.scrollTo(0, 0);
}

interface LinkProps {
  readonly href: string;
  readonly class?: string;
  readonly children?: ComponentChildren;
}

/** An in-app link: a real `<a href>` (opens in a new tab, works without JS), routed on click. */
export function Link({ href, class: className, children }: LinkProps) {
  return (
    <a
      href={href}
      class={className}
      aria-current={place.value.path === href ? 'page' : undefined}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

/**
 * A component loaded on first render (`import()` → its own chunk), showing `fallback` meanwhile.
 *
 * @example const Booking = lazy(() => import('../pages/booking/index.js').then((m) => m.BookingPage));
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: () => JSX.Element | null = () => null,
): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let failed: unknown = null;
  let started = false;
  const ready = signal(0);
  return function Lazy(props: P) {
    void ready.value; // re-render when the chunk arrives
    if (failed) throw failed;
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    if (!started) {
      started = true;
      load().then(
        (component) => {
          loaded = component;
          ready.value += 1;
        },
        (error: unknown) => {
          failed = error;
          ready.value += 1;
        },
      );
    }
    return fallback();
  };
}
