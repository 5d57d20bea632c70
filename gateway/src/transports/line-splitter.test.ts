import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function split(chunks: string[], max?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l), max);
  for (const c of chunks) splitter.push(c);
  return lines;
}

describe('LineSplitter', () => {
  it('joins lines split across chunks', () => {
    expect(split(['ok T:21', '.5 /0.0\nok', '\n'])).toEqual(['ok T:21.5 /0.0', 'ok']);
  });

  it('accepts \\n, \\r\\n and a lone \\r as end of line, even when \\r\\n is split', () => {
    expect(split(['a\r\nb\rc\n', 'd\r', '\ne\n'])).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('skips empty lines', () => {
    expect(split(['\n\n\r\nok\n\n'])).toEqual(['ok']);
  });

  it('cuts a line that never ends instead of growing without bound', () => {
    const lines = split(['x'.repeat(10_000)], 4096);
    expect(lines.map((l) => l.length)).toEqual([4096, 4096]);
  });

  it('keeps a half line until its end arrives', () => {
    expect(split(['<Idle|MPos:0.000,0.0'])).toEqual([]);
  });
});
