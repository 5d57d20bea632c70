/**
 * Fan-out of machine changes to the open live feeds (dashboards). Each subscriber has a bounded
 * queue; one that cannot keep up is dropped — its browser reconnects and reloads — so a slow
 * client never holds back ingest.
 * @module
 */
import type { MachineView } from '@manufacto/firmware-profiles/contract';

export interface LiveSubscriber {
  /** Receives changes; returns false when its queue is full. */
  push(view: MachineView): boolean;
  close(): void;
}

export class LiveHub {
  readonly #subscribers = new Set<LiveSubscriber>();

  get size(): number {
    return this.#subscribers.size;
  }

  subscribe(subscriber: LiveSubscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  publish(view: MachineView): void {
    for (const subscriber of this.#subscribers) {
      if (!subscriber.push(view)) {
        this.#subscribers.delete(subscriber);
        subscriber.close();
      }
    }
  }

  closeAll(): void {
    for (const subscriber of this.#subscribers) subscriber.close();
    this.#subscribers.clear();
  }
}

/** A subscriber with a bounded queue that a consumer drains with `next()`. */
export function queueSubscriber(limit = 1000) {
  const queue: MachineView[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const subscriber: LiveSubscriber & {
    next(): Promise<MachineView | undefined>;
    readonly closed: boolean;
  } = {
    push(view) {
      if (closed) return false;
      // Only the latest view of a machine matters: replace a queued older one.
      const i = queue.findIndex((v) => v.id === view.id);
      if (i >= 0) queue[i] = view;
      else if (queue.length >= limit) return false;
      else queue.push(view);
      wake?.();
      return true;
    },
    close() {
      closed = true;
      wake?.();
    },
    get closed() {
      return closed;
    },
    async next() {
      while (queue.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      return queue.shift();
    },
  };
  return subscriber;
}
