// The gateway bench's floor: the same serial ports read by the least a Node process can do — each
// pty in the event loop (a tty handle, no Readable-on-thread-pool), the same polls (GRBL's `?` at
// 5 Hz, Marlin's temperature and SD autoreports), its lines split and counted, nothing parsed or
// stored. Prints its own CPU over the window (process.cpuUsage, finer than /proc's 10 ms ticks).
// Usage: node floor-reader.mjs SECONDS grbl:PATH marlin:PATH ...
import { openSync, constants, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';

const [seconds, ...ports] = process.argv.slice(2);
let lines = 0;
const timers = [];
for (const spec of ports) {
  const [kind, path] = [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)];
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  const tty = new ReadStream(fd);
  tty.setRawMode(true);
  let rest = '';
  tty.on('data', (chunk) => {
    const parts = (rest + chunk.toString('latin1')).split(/\r?\n|\r/);
    rest = parts.pop() ?? '';
    for (const line of parts) if (line.length > 0) lines += 1;
  });
  if (kind === 'grbl') timers.push(setInterval(() => writeSync(fd, '?'), 200));
  else writeSync(fd, 'M155 S1\nM27 S2\n');
}
await new Promise((r) => setTimeout(r, 2000)); // settle
const cpu0 = process.cpuUsage();
const lines0 = lines;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, seconds: (performance.now() - t0) / 1000, lines: lines - lines0 })}\n`,
);
process.exit(0);
