/**
 * Walks every `<profile>/testcases/<case>/` folder and checks the profile against real traffic, in
 * either of the two forms a case takes:
 *
 * - serial: `transcript.txt`, what the device sent, one line per line. Lines starting with `>>> `
 *   are what the host sent (not parsed, kept for the reader), blank lines are skipped; the clock
 *   advances one second per device line.
 * - network: `messages.jsonl`, one `{ "source", "payload", "status"?, "at"? }` per line, where `at`
 *   is the gateway time in seconds from the start (one second per line when absent); a line
 *   `{ "tick": true, "at": s }` is the runner's clock (reduced, not parsed). `device.json`
 *   (optional) gives the machine's `device` and `power` thresholds.
 *
 * In both, lines starting with `#` are comments and the first one cites the source
 * (`# source: <url>`); `expected.jsonl` is one parsed event per device line or message;
 * `expected-snapshot.json` (optional) the snapshot after reducing every event, the clock starting
 * at `2026-01-01T00:00:00Z`; `expected-notices.json` (optional) every notice the reductions gave;
 * `profile.txt` (optional) the profile id when it differs from the folder name.
 *
 * A bug fix adds a folder; this file never changes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLOCK_TICK, type NetworkDevice, type NetworkMessage } from './network.js';
import { getNetworkProfile } from './network-registry.js';
import type { ProfileNotice, ReduceResult } from './profile.js';
import { getSerialProfile } from './registry.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const START = Date.parse('2026-01-01T00:00:00Z');

const FORMS = { 'transcript.txt': 'serial', 'messages.jsonl': 'network' } as const;
type Form = (typeof FORMS)[keyof typeof FORMS];

interface Case {
  profile: string;
  name: string;
  dir: string;
  /** `undefined`: the folder holds neither form (an orphan, which a test refuses). */
  form: Form | undefined;
  file: string;
}

function cases(): Case[] {
  const found: Case[] = [];
  for (const entry of readdirSync(here, { withFileTypes: true })) {
    const dir = join(here, entry.name, 'testcases');
    if (!entry.isDirectory() || !existsSync(dir)) continue;
    for (const c of readdirSync(dir, { withFileTypes: true })) {
      if (!c.isDirectory()) continue;
      const caseDir = join(dir, c.name);
      const file = Object.keys(FORMS).find((f) => existsSync(join(caseDir, f))) ?? '';
      const override = join(caseDir, 'profile.txt');
      const profile = existsSync(override) ? readFileSync(override, 'utf8').trim() : entry.name;
      const form = FORMS[file as keyof typeof FORMS];
      found.push({ profile, name: `${entry.name}/${c.name}`, dir: caseDir, form, file });
    }
  }
  return found;
}

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as unknown;
const jsonLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => JSON.parse(l) as unknown);

/** One step of a case: a line or message to parse (and reduce), or a clock tick, at a time. */
interface Step {
  readonly at: number;
  readonly input: string | NetworkMessage | typeof CLOCK_TICK;
}

function steps(c: Case, text: string): Step[] {
  if (c.form === 'serial')
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '' && !l.startsWith('#') && !l.startsWith('>>> '))
      .map((line, i) => ({ at: START + i * 1000, input: line }));
  type Line = (NetworkMessage & { at?: number }) | { tick: true; at: number };
  return (jsonLines(join(c.dir, c.file)) as Line[]).map((line, i) => ({
    at: START + (line.at ?? i) * 1000,
    input: 'tick' in line ? CLOCK_TICK : line,
  }));
}

/** The profile as the walker drives it: parse, reduce, snapshot, whatever its form. */
interface Driven {
  parse(input: string | NetworkMessage): unknown;
  reduce(model: unknown, event: unknown, now: number): ReduceResult<unknown>;
  snapshot(model: unknown): unknown;
  model: unknown;
}

function drive(c: Case): Driven {
  if (c.form === 'serial') {
    const p = getSerialProfile(c.profile);
    return {
      parse: (line) => p.parse(line as string),
      reduce: (m, e, now) => p.reduce(m, e, now),
      snapshot: (m) => p.snapshot(m),
      model: p.initialModel(),
    };
  }
  const p = getNetworkProfile(c.profile);
  const deviceFile = join(c.dir, 'device.json');
  const device = (existsSync(deviceFile) ? json(deviceFile) : {}) as NetworkDevice;
  return {
    parse: (message) => p.parse(message as NetworkMessage),
    reduce: (m, e, now) => p.reduce(m, e, now),
    snapshot: (m) => p.snapshot(m),
    model: p.initialModel(device),
  };
}

const all = cases();

describe('profile test cases', () => {
  it('finds test cases of both forms', () => {
    expect(all.some((c) => c.form === 'serial')).toBe(true);
    expect(all.some((c) => c.form === 'network')).toBe(true);
  });

  it('every testcase folder is a serial transcript or network messages (none left unwalked)', () => {
    expect(all.filter((c) => c.form === undefined).map((c) => c.name)).toEqual([]);
  });

  it.each(all.filter((c) => c.form !== undefined))('$name parses as expected', (c) => {
    const text = readFileSync(join(c.dir, c.file), 'utf8');
    expect(text.startsWith('# source:'), 'first line cites the source').toBe(true);
    const profile = drive(c);
    let model = profile.model;
    const parsed: unknown[] = [];
    const notices: ProfileNotice[] = [];
    for (const { input, at } of steps(c, text)) {
      const tick = typeof input !== 'string' && 'kind' in input;
      const event = tick ? CLOCK_TICK : profile.parse(input);
      if (!tick) parsed.push(event);
      const reduced = profile.reduce(model, event, at);
      model = reduced.model;
      notices.push(...reduced.notices);
    }
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(jsonLines(join(c.dir, 'expected.jsonl')));
    const snapshotFile = join(c.dir, 'expected-snapshot.json');
    if (existsSync(snapshotFile))
      expect(JSON.parse(JSON.stringify(profile.snapshot(model)))).toEqual(json(snapshotFile));
    const noticesFile = join(c.dir, 'expected-notices.json');
    if (existsSync(noticesFile)) expect(notices).toEqual(json(noticesFile));
  });
});
