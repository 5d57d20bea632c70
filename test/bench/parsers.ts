/**
 * Parser throughput per profile, on the lines of its own real transcripts, against what a
 * 115200-baud port can deliver (8N1: 11,520 bytes/s).
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialProfiles } from '@manufacto/firmware-profiles';

const profilesDir = fileURLToPath(new URL('../../firmware-profiles/src', import.meta.url));
const BAUD_BYTES_PER_S = 115_200 / 10;

function transcriptLines(folder: string): string[] {
  const dir = join(profilesDir, folder, 'testcases');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((c) => {
    const file = join(dir, c, 'transcript.txt');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '' && !l.startsWith('#') && !l.startsWith('>>> '));
  });
}

export interface ParserFigure {
  profile: string;
  lines: number;
  linesPerSecond: number;
  baudLinesPerSecond: number;
  ratio: number;
}

export function benchParsers(durationMs = 1000): ParserFigure[] {
  const figures: ParserFigure[] = [];
  for (const profile of serialProfiles) {
    const lines = transcriptLines(profile.id);
    if (lines.length === 0) continue;
    const avgBytes = lines.reduce((s, l) => s + l.length + 1, 0) / lines.length;
    // Warm-up so the JIT has compiled the matchers.
    for (let i = 0; i < 20_000; i += 1) profile.parse(lines[i % lines.length] as string);
    let parsed = 0;
    let model = profile.initialModel();
    const start = performance.now();
    while (performance.now() - start < durationMs) {
      for (let i = 0; i < 1000; i += 1) {
        const event = profile.parse(lines[parsed % lines.length] as string);
        model = profile.reduce(model, event, Date.now()).model;
        parsed += 1;
      }
    }
    const seconds = (performance.now() - start) / 1000;
    const linesPerSecond = parsed / seconds;
    const baudLinesPerSecond = BAUD_BYTES_PER_S / avgBytes;
    figures.push({
      profile: profile.id,
      lines: lines.length,
      linesPerSecond,
      baudLinesPerSecond,
      ratio: linesPerSecond / baudLinesPerSecond,
    });
  }
  return figures;
}
