/**
 * Walks every `<profile>/testcases/<case>/messages.jsonl` and checks a network profile against real
 * payloads (the serial transcripts have their own walker, `transcripts.test.ts`).
 *
 * - `messages.jsonl`: one message per line, `{ "source", "payload", "status"?, "at"? }` where `at`
 *   is the gateway time in seconds from the start (one second per line when absent). A line
 *   `{ "tick": true, "at": s }` is the runner's clock (not parsed). Lines starting with `#` are
 *   comments; the first one cites the source: `# source: <url>`.
 * - `device.json` (optional): the machine's `device` and `power` thresholds.
 * - `expected.jsonl`: one parsed event per message line.
 * - `expected-snapshot.json` (optional): the snapshot after reducing every event, the clock
 *   starting at `2026-01-01T00:00:00Z`.
 * - `expected-notices.json` (optional): every notice the reductions gave, in order.
 * - `profile.txt` (optional): the profile id when it differs from the folder name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLOCK_TICK, type NetworkDevice, type NetworkMessage } from './network.js';
import { getNetworkProfile } from './network-registry.js';
import type { ProfileNotice } from './profile.js';

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
      if (!c.isDirectory() || !existsSync(join(caseDir, 'messages.jsonl'))) continue;
      const override = join(caseDir, 'profile.txt');
      const profile = existsSync(override) ? readFileSync(override, 'utf8').trim() : entry.name;
      found.push({ profile, name: `${entry.name}/${c.name}`, dir: caseDir });
    }
  }
  return found;
}

type Line = (NetworkMessage & { at?: number }) | { tick: true; at: number };

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as unknown;
const all = cases();

describe('network payload cases', () => {
  it('finds test cases', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  it('every testcase folder is a serial transcript or network messages (none left unwalked)', () => {
    const orphans: string[] = [];
    for (const entry of readdirSync(here, { withFileTypes: true })) {
      const dir = join(here, entry.name, 'testcases');
      if (!entry.isDirectory() || !existsSync(dir)) continue;
      for (const c of readdirSync(dir, { withFileTypes: true })) {
        const caseDir = join(dir, c.name);
        if (
          !existsSync(join(caseDir, 'transcript.txt')) &&
          !existsSync(join(caseDir, 'messages.jsonl'))
        )
          orphans.push(`${entry.name}/${c.name}`);
      }
    }
    expect(orphans).toEqual([]);
  });

  it.each(all)('$name parses as expected', ({ profile: id, dir }) => {
    const profile = getNetworkProfile(id);
    const text = readFileSync(join(dir, 'messages.jsonl'), 'utf8');
    expect(text.startsWith('# source:'), 'first line cites the source').toBe(true);
    const lines = text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => JSON.parse(l) as Line);
    const deviceFile = join(dir, 'device.json');
    const device = (existsSync(deviceFile) ? json(deviceFile) : {}) as NetworkDevice;
    const expected = readFileSync(join(dir, 'expected.jsonl'), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);

    let model = profile.initialModel(device);
    const parsed: unknown[] = [];
    const notices: ProfileNotice[] = [];
    lines.forEach((line, i) => {
      const now = START + (line.at ?? i) * 1000;
      const event = 'tick' in line ? CLOCK_TICK : profile.parse(line);
      if (!('tick' in line)) parsed.push(event);
      const reduced = profile.reduce(model, event, now);
      model = reduced.model;
      notices.push(...reduced.notices);
    });
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(expected);

    const snapshotFile = join(dir, 'expected-snapshot.json');
    if (existsSync(snapshotFile))
      expect(JSON.parse(JSON.stringify(profile.snapshot(model)))).toEqual(json(snapshotFile));
    const noticesFile = join(dir, 'expected-notices.json');
    if (existsSync(noticesFile)) expect(notices).toEqual(json(noticesFile));
  });
});
