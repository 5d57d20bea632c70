import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { machineView } from '../models/machine-view.fixture.js';
import type { LiveHandlers } from '../models/machines.js';
import { openLiveFeed, type EventSourceLike } from './live.js';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  closed = false;
  readonly listeners = new Map<string, (event: MessageEvent<string>) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
  emit(type: string, data: string) {
    this.listeners.get(type)?.({ data } as MessageEvent<string>);
  }
}

function recorder() {
  const calls: string[] = [];
  const handlers: LiveHandlers = {
    onOpen: () => calls.push('open'),
    onDown: () => calls.push('down'),
    onMachine: (view) => calls.push(`machine ${view.id} ${view.state}`),
    onPing: (now) => calls.push(`ping ${now}`),
  };
  return { calls, handlers };
}

describe('openLiveFeed', () => {
  let sources: FakeEventSource[];
  const createEventSource = (url: string) => {
    const source = new FakeEventSource(url);
    sources.push(source);
    return source;
  };
  const latest = () => sources[sources.length - 1]!;

  beforeEach(() => {
    sources = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('hands machine and ping events to the handlers', () => {
    const { calls, handlers } = recorder();
    const close = openLiveFeed(handlers, { createEventSource, onInvalid: () => {} });
    latest().open();
    latest().emit('machine', JSON.stringify(machineView({ id: 'laser-1', state: 'running' })));
    latest().emit('ping', JSON.stringify({ now: '2026-11-22T14:00:00Z' }));
    expect(calls).toEqual(['open', 'machine laser-1 running', 'ping 2026-11-22T14:00:00Z']);
    expect(latest().url).toBe('/api/live');
    close();
  });

  it('drops unreadable events and reports them, without stopping the feed', () => {
    const { calls, handlers } = recorder();
    const invalid: string[] = [];
    const close = openLiveFeed(handlers, {
      createEventSource,
      onInvalid: (type) => invalid.push(type),
    });
    latest().open();
    latest().emit('machine', '{not json');
    latest().emit('machine', JSON.stringify({ id: 'x', state: 'exploded' }));
    latest().emit('machine', JSON.stringify(machineView({ id: 'ok' })));
    expect(invalid).toEqual(['machine', 'machine']);
    expect(calls).toEqual(['open', 'machine ok idle']);
    close();
  });

  it('reports the feed down once while the browser retries, and up again on reopen', () => {
    const { calls, handlers } = recorder();
    const close = openLiveFeed(handlers, { createEventSource });
    latest().open();
    latest().fail(0);
    latest().fail(0);
    latest().open();
    expect(calls).toEqual(['open', 'down', 'open']);
    expect(sources).toHaveLength(1);
    close();
  });

  it('opens a new connection with growing delays when the browser gives up', () => {
    const { handlers } = recorder();
    const close = openLiveFeed(handlers, {
      createEventSource,
      retryMinMs: 1_000,
      retryMaxMs: 4_000,
    });
    latest().fail(2);
    vi.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    latest().fail(2);
    vi.advanceTimersByTime(2_000);
    expect(sources).toHaveLength(3);
    latest().fail(2);
    vi.advanceTimersByTime(4_000);
    expect(sources).toHaveLength(4);
    close();
  });

  it('treats a silent connection as dead and reconnects', () => {
    const { calls, handlers } = recorder();
    const close = openLiveFeed(handlers, {
      createEventSource,
      silenceMs: 40_000,
      retryMinMs: 1_000,
    });
    latest().open();
    vi.advanceTimersByTime(30_000);
    latest().emit('ping', JSON.stringify({ now: '2026-11-22T14:00:00Z' }));
    vi.advanceTimersByTime(30_000);
    expect(calls).not.toContain('down');
    vi.advanceTimersByTime(15_000);
    expect(calls).toContain('down');
    expect(sources[0]!.closed).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(sources).toHaveLength(2);
    close();
  });

  it('closes the connection and stops retrying when closed', () => {
    const { handlers } = recorder();
    const close = openLiveFeed(handlers, { createEventSource });
    latest().fail(2);
    close();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
  });
});
