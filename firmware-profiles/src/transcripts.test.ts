/**
 * Walks every `<profile>/testcases/<case>/` folder and checks the profile against real transcripts.
 *
 * - `transcript.txt`: what the device sent, one line per line. Lines starting with `#` are comments
 *   (the first one cites the source: `# source: <url>`), lines starting with `>>> ` are what the
 *   host sent (not parsed, kept for the reader), blank lines are skipped.
 * - `expected.jsonl`: one JSON object per device line, the parsed event (with `raw`).
 * - `expected-snapshot.json` (optional): the profile's snapshot after reducing every event, the
 *   clock starting at `2026-01-01T00:00:00Z` and advancing one second per line.
 * - `profile.txt` (optional): the profile id when it differs from the folder name.
 *
 * A bug fix adds a folder; this file never changes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getSerialProfile } from './registry.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const START = Date.parse('2026-01-01T00:00:00Z');

interface Case {
  profile: string;
  name: string;
  dir: string;
}

function cases(): Case[] {
  const found: Case[] = [];
  for (const entry of readdirSync(here, { withFileTypes: true })) {
    const dir = join(here, entry.name, 'testcases');
    if (!entry.isDirectory() || !existsSync(dir)) continue;
    for (const c of readdirSync(dir, { withFileTypes: true })) {
      const caseDir = join(dir, c.name);
      // Network profiles' cases are JSON messages, walked by network-cases.test.ts.
      if (!c.isDirectory() || !existsSync(join(caseDir, 'transcript.txt'))) continue;
      const override = join(caseDir, 'profile.txt');
      const profile = existsSync(override) ? readFileSync(override, 'utf8').trim() : entry.name;
      found.push({ profile, name: `${entry.name}/${c.name}`, dir: caseDir });
    }
  }
  return found;
}

function deviceLines(transcript: string): string[] {
  return transcript
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('>>> '));
}

const all = cases();

describe('transcripts', () => {
  it('finds test cases', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it.each(all)('$name parses as expected', ({ profile: id, dir }) => {
    const profile = getSerialProfile(id);
    const transcript = readFileSync(join(dir, 'transcript.txt'), 'utf8');
    expect(transcript.startsWith('# source:'), 'first line cites the source').toBe(true);
    const lines = deviceLines(transcript);
    const expected = readFileSync(join(dir, 'expected.jsonl'), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
    const parsed = lines.map((line) => profile.parse(line));
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(expected);

    const snapshotFile = join(dir, 'expected-snapshot.json');
    if (existsSync(snapshotFile)) {
      let model = profile.initialModel();
      parsed.forEach((event, i) => {
        model = profile.reduce(model, event, START + i * 1000).model;
      });
      expect(JSON.parse(JSON.stringify(profile.snapshot(model)))).toEqual(
        JSON.parse(readFileSync(snapshotFile, 'utf8')),
      );
    }
  });
});
