/**
 * A FIFO queue for store writes. SQLite runs one writer at a time anyway; Kysely's SQLite driver
 * guards its one connection with a mutex that wakes every waiter on each release, which under a
 * hundred concurrent bookings costs more CPU than the bookings and starves some of them for
 * seconds. Queueing the operations ourselves keeps the wait fair and the mutex uncontended.
 * @module
 */
export function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function run<T>(operation: () => Promise<T>): Promise<T> {
    const result = tail.then(operation, operation);
    tail = result.catch(() => undefined);
    return result;
  };
}
export type SerialQueue = ReturnType<typeof serialQueue>;
