/**
 * What the runner heard on a machine's line, for its status page and bug reports: counters and the
 * last lines (a transcript to turn into a test case).
 * @module
 */

export class LineLog {
  lastLineAt: number | undefined;
  received = 0;
  unknown = 0;
  #recent: Array<{ at: number; line: string }> = [];

  constructor(private readonly keep = 50) {}

  heard(line: string, at: number): void {
    this.lastLineAt = at;
    this.received += 1;
    this.#recent.push({ at, line: line.length > 300 ? line.slice(0, 300) : line });
    if (this.#recent.length > this.keep) this.#recent.shift();
  }

  /** The last lines, oldest first, each with its time: `2026-…Z < ok`. */
  recent(): string[] {
    return this.#recent.map((r) => `${new Date(r.at).toISOString()} < ${r.line}`);
  }
}
