/**
 * The live feed: `GET /api/live` (Server-Sent Events) → the machines model's handlers.
 *
 * `EventSource` reconnects by itself after a network error; we add what it does not do:
 * - when it gives up (`readyState` CLOSED, e.g. the server answered 502 during a restart) we open
 *   a new one, waiting 1 s, 2 s, 4 s … up to 30 s;
 * - a watchdog: the server pings every 15 s, so 40 s of silence means a dead connection that a
 *   proxy keeps half-open; we report it down and reconnect.
 * @module
 */
import type { LiveEvents } from '@manufacto/firmware-profiles/contract';
import { isMachineView, type LiveHandlers } from '../models/machines.js';

/** The part of `EventSource` we use, so tests can pass a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface LiveFeedOptions {
  readonly url?: string;
  readonly createEventSource?: (url: string) => EventSourceLike;
  /** Silence after which the feed counts as dead (the server pings every 15 s). */
  readonly silenceMs?: number;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** Told of events that could not be read; the feed carries on. */
  readonly onInvalid?: (type: string, data: string) => void;
}

const CLOSED = 2;

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function isPing(value: unknown): value is LiveEvents['ping'] {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { now?: unknown }).now === 'string'
  );
}

/**
 * Opens the feed and keeps it open until the returned function is called.
 *
 * @example const close = openLiveFeed({ onOpen, onDown, onMachine, onPing });
 */
export function openLiveFeed(handlers: LiveHandlers, options: LiveFeedOptions = {}): () => void {
  const url = options.url ?? '/api/live';
  const create = options.createEventSource ?? ((target: string) => new EventSource(target));
  const silenceMs = options.silenceMs ?? 40_000;
  const retryMinMs = options.retryMinMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 30_000;
  const onInvalid =
    options.onInvalid ??
    ((type, data) => console.warn(`live feed: unreadable ${type} event`, data));

  let source: EventSourceLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = retryMinMs;
  let lastHeard = Date.now();
  let down = false;
  let stopped = false;

  function markDown(): void {
    if (!down) {
      down = true;
      handlers.onDown();
    }
  }

  function heard(): void {
    lastHeard = Date.now();
  }

  function reconnectLater(): void {
    source?.close();
    source = null;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, retryMaxMs);
  }

  function connect(): void {
    if (stopped) return;
    heard();
    const current = create(url);
    source = current;
    current.onopen = () => {
      heard();
      down = false;
      retryMs = retryMinMs;
      handlers.onOpen();
    };
    current.onerror = () => {
      markDown();
      // CONNECTING: the browser retries by itself. CLOSED: it gave up, so we take over.
      if (current.readyState === CLOSED && source === current) reconnectLater();
    };
    current.addEventListener('machine', (event) => {
      heard();
      const view = parse(event.data);
      if (isMachineView(view)) handlers.onMachine(view);
      else onInvalid('machine', event.data);
    });
    current.addEventListener('ping', (event) => {
      heard();
      const ping = parse(event.data);
      if (isPing(ping)) handlers.onPing(ping.now);
      else onInvalid('ping', event.data);
    });
  }

  const watchdog = setInterval(
    () => {
      if (source && Date.now() - lastHeard > silenceMs) {
        markDown();
        reconnectLater();
      }
    },
    Math.min(5_000, silenceMs),
  );

  connect();
  return () => {
    stopped = true;
    clearInterval(watchdog);
    clearTimeout(retryTimer);
    source?.close();
    source = null;
  };
}
