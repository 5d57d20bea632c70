/**
 * `npm run bench`: every benchmark, figures and ratios printed from one run on this machine.
 * Nothing here is asserted: these machines are shared and noisy, so targets are read, not tested.
 * Pass names to run a subset: `npm run bench -- parsers outbox`.
 * @module
 */
import { cpus } from 'node:os';
import { loadHighs } from '../support/highs.js';
import { benchAllocation, formatAllocationFigures } from './allocation.js';
import { benchBooking, formatBookingFigures } from './booking.js';
import { benchDashboard, INITIAL_JS_BUDGET_BYTES } from './dashboard.js';
import { benchGateway } from './gateway.js';
import { benchIngest, formatIngestFigures } from './ingest.js';
import { benchOutbox } from './outbox.js';
import { benchParsers } from './parsers.js';
import { benchScheduleKeeper } from './schedule-keeper.js';
import { benchReports } from './reports.js';
import { benchWallLatency } from './wall-latency.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const wanted = new Set(process.argv.slice(2));
const runs = (name: string) => wanted.size === 0 || wanted.has(name);

console.log(
  `Manufacto benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}`,
);

if (runs('parsers')) {
  console.log('\n## Parser + reducer throughput per profile (real transcript lines)');
  console.log('profile        lines/s      115200-baud lines/s   ratio');
  for (const f of benchParsers()) {
    console.log(
      `${f.profile.padEnd(14)} ${fmt(f.linesPerSecond).padStart(11)}  ${fmt(f.baudLinesPerSecond).padStart(20)}  ${f.ratio.toFixed(0).padStart(6)}×`,
    );
  }
}

if (runs('schedule-keeper')) {
  console.log(
    '\n## Schedule keeper: a realistic week, ~500 reservations on 50 machines with their telemetry',
  );
  const k = await benchScheduleKeeper();
  console.log(
    `${k.reservations} reservations, ${k.jobs} jobs, ${k.ticks} ticks: mean ${k.meanMs.toFixed(1)} ms, p50 ${k.p50Ms.toFixed(1)} ms, p99 ${k.p99Ms.toFixed(1)} ms, max ${k.maxMs.toFixed(1)} ms per tick`,
  );
}

if (runs('outbox')) {
  console.log(
    '\n## Gateway outbox (SQLite WAL, one transaction per turn of 16 messages, as 16 machines polled together)',
  );
  const o = benchOutbox();
  console.log(`enqueue ${fmt(o.enqueuePerSecond)} msg/s, drain ${fmt(o.drainPerSecond)} msg/s`);
}

if (runs('gateway')) {
  console.log(
    '\n## Gateway process: 16 simulated serial machines polled at 5 Hz (targets: < 5 % of one core, < 100 MB RSS)',
  );
  const g = await benchGateway();
  for (const w of g.windows)
    console.log(
      `${w.label}: ${g.machines} machines, ${w.seconds.toFixed(0)} s, load average ${w.loadAverage.toFixed(1)}: CPU ${w.cpuPercentOfOneCore.toFixed(1)} % of one core, ${w.linesPerSecond.toFixed(0)} lines/s, ${(w.messages / w.seconds).toFixed(0)} messages/s; ${w.cpuMicrosPerLine.toFixed(0)} µs per line, ${w.cpuMicrosPerMessage.toFixed(0)} µs per message, ${w.ratioToFloor.toFixed(1)}× the floor's per line; peak RSS ${w.peakRssMb.toFixed(0)} MB (${w.rssGrowthMb >= 0 ? '+' : ''}${w.rssGrowthMb.toFixed(1)} MB over the window)`,
    );
  console.log(
    `floor (the same ports read by a process that only polls, splits and counts lines, before and after): ${g.floor.cpuPercentOfOneCore.toFixed(2)} % of one core, ${g.floor.linesPerSecond.toFixed(0)} lines/s, ${g.floor.cpuMicrosPerLine.toFixed(0)} µs per line`,
  );
}

if (runs('ingest')) {
  console.log(
    '\n## Ingest: scripted gateways → embedded aedes → server → InfluxDB; floors: bare aedes (in-process subscriber that only counts) and direct InfluxDB writes (targets: ≥ 20,000 msg/s, p99 < 1 s, ratio to the lower floor ≥ 0.5)',
  );
  console.log(formatIngestFigures(await benchIngest()).join('\n'));
}

if (runs('allocation')) {
  console.log(
    '\n## Allocator: fair (weighted max-min) vs first-come-first-served on synthetic contended weeks; gap to the HiGHS optimum on small instances (target: 10,000 requests < 1 s; fairness and satisfied demand above FCFS)',
  );
  const solver = await loadHighs();
  const figures = await benchAllocation((lp) => solver.solve(lp));
  console.log(formatAllocationFigures(figures).join('\n'));
}

if (runs('booking')) {
  console.log(
    '\n## Booking: 100 concurrent clients booking distinct free slots (created), then the same slots again (refused), each server in its own process on a copy of one store; the floor is the least this stack can do (targets: CPU ≤ 1.5× the floor, throughput ≥ 0.7 of it; history within 10 %; any of 100 printers ≤ 3× one machine)',
  );
  console.log(formatBookingFigures(await benchBooking()).join('\n'));
}

if (runs('dashboard')) {
  console.log('\n## Dashboard bundle (built dashboard/dist, gzip -9; budget: initial JS ≤ 60 KB)');
  const d = benchDashboard();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of d.initial)
    console.log(
      `initial  ${f.file.padEnd(36)} ${kb(f.bytes).padStart(9)}  gzip ${kb(f.gzipBytes)}`,
    );
  console.log(
    `initial JavaScript ${kb(d.initialGzipBytes)} gzipped of ${kb(INITIAL_JS_BUDGET_BYTES)} (${((100 * d.initialGzipBytes) / INITIAL_JS_BUDGET_BYTES).toFixed(0)} % of the budget${d.initialGzipBytes > INITIAL_JS_BUDGET_BYTES ? ': OVER' : ''})`,
  );
  for (const f of d.lazy)
    console.log(
      `on demand ${f.file.padEnd(35)} ${kb(f.bytes).padStart(9)}  gzip ${kb(f.gzipBytes)}${f.adds ? ` (+ ${kb(f.adds)} shared)` : ''}`,
    );
}

if (runs('wall-latency')) {
  console.log(
    '\n## Wall latency: simulator state change → gateway (5 Hz poll) → aedes → server → SSE → the card in Chromium (target: < 2 s); floor: bare MQTT publish → subscribe on the same broker',
  );
  const w = await benchWallLatency();
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  console.log(
    `${w.changes} changes: p50 ${ms(w.p50Ms)}, p90 ${ms(w.p90Ms)}, max ${ms(w.maxMs)} (the 5 Hz poll alone waits 0–${ms(w.pollPeriodMs)})`,
  );
  console.log(
    `floor MQTT publish → subscribe p50 ${w.floorP50Ms.toFixed(2)} ms, p90 ${w.floorP90Ms.toFixed(2)} ms → wall p50 / floor p50 ${(w.p50Ms / w.floorP50Ms).toFixed(0)}×; wall p50 minus half a poll period ${ms(w.p50Ms - w.pollPeriodMs / 2)}`,
  );
}

if (runs('reports')) {
  console.log(
    "\n## Reports: a year of usage for 50 machines and 500 members in SQLite, the year's report (target: < 2 s) and its exports",
  );
  const r = await benchReports();
  const ms = (n: number) => `${fmt(n)} ms`;
  console.log(
    `${r.machines} machines, ${r.members} members, ${fmt(r.sessions)} usage sessions, ${fmt(r.reservations)} reservations (seeded in ${r.seedSeconds.toFixed(1)} s)`,
  );
  console.log(
    `report for a manager ${ms(r.managerMs)}, for a funder ${ms(r.funderMs)}; CSV ${ms(r.csvMs)}, XLSX ${ms(r.xlsxMs)}, PDF ${ms(r.pdfMs)}`,
  );
}
