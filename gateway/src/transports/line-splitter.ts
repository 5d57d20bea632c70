/**
 * Splits a byte stream into lines. Serial lines end in `\n`, `\r\n` or a lone `\r` (some firmwares);
 * a device that spews bytes without an end of line cannot grow memory without bound: past
 * `maxLength` the line is cut and delivered as is.
 * @module
 */

export class LineSplitter {
  #buffer = '';
  #lastWasCr = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLength = 4096,
  ) {}

  push(chunk: string): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk.charCodeAt(i);
      if (c === 10 || c === 13) {
        // "\r\n" is one end of line, not two.
        const skip = c === 10 && this.#lastWasCr && i === start && this.#buffer === '';
        this.#lastWasCr = c === 13;
        if (skip) {
          start = i + 1;
          continue;
        }
        this.#emit(this.#buffer + chunk.slice(start, i));
        this.#buffer = '';
        start = i + 1;
      } else {
        this.#lastWasCr = false;
      }
    }
    this.#buffer += chunk.slice(start);
    while (this.#buffer.length > this.maxLength) {
      this.#emit(this.#buffer.slice(0, this.maxLength));
      this.#buffer = this.#buffer.slice(this.maxLength);
    }
  }

  #emit(line: string): void {
    if (line.length > 0) this.onLine(line);
  }
}
