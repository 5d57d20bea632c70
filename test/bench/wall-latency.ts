/**
 * How long a machine's state change takes to show on the wall, end to end: a GRBL-like simulator
 * on a socat pty changes state → the gateway polls it (5 Hz, the most its config allows) and
 * publishes → the server's embedded aedes → ingest → the live feed (SSE) → the wall in Chromium,
 * where a MutationObserver notes when the card's `data-state` changes. Both clocks are this
 * machine's (epoch ms in Node and in the page).
 *
 * The floor, measured in the same run on the same broker: a bare MQTT publish → subscribe round
 * of one small message (QoS 1, like the gateway's state messages). The target is "on
 * screen within 2 s"; it is read here, never asserted.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { startGrblSimulator } from '../simulators/grbl/simulator.js';
import { launchChromium } from '../support/browser.js';
import { openPtyPair } from '../support/pty.js';
import { startStack } from '../support/stack.js';

export interface WallLatencyFigures {
  readonly changes: number;
  /** Simulator state change → the card's new state in the DOM, ms. */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly maxMs: number;
  /** Bare MQTT publish → subscribe on the same broker, ms. */
  readonly floorP50Ms: number;
  readonly floorP90Ms: number;
  /** Gateway poll period: part of every change's wait, inherent to polling a serial machine. */
  readonly pollPeriodMs: number;
}

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

async function mqttFloor(url: string, rounds: number): Promise<number[]> {
  const sub = await mqtt.connectAsync(url, { clientId: `bench-floor-sub-${process.pid}` });
  const pub = await mqtt.connectAsync(url, { clientId: `bench-floor-pub-${process.pid}` });
  const topic = `bench/floor/${process.pid}`;
  await sub.subscribeAsync(topic, { qos: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < rounds; i += 1) {
      const arrived = new Promise<number>((resolve) =>
        sub.once('message', () => resolve(performance.now())),
      );
      const sent = performance.now();
      await pub.publishAsync(topic, JSON.stringify({ i, state: 'running' }), { qos: 1 });
      times.push((await arrived) - sent);
    }
  } finally {
    await sub.endAsync();
    await pub.endAsync();
  }
  return times;
}

export async function benchWallLatency(changes = 15): Promise<WallLatencyFigures> {
  const index = fileURLToPath(new URL('../../dashboard/dist/index.html', import.meta.url));
  if (!existsSync(index)) throw new Error('build the dashboard first: npm run build:dashboard');
  const pty = await openPtyPair({ name: 'bench-laser' });
  const laser = await startGrblSimulator({ path: pty.devicePath, machine: 'laser' });
  const pollHz = 5;
  const stack = await startStack({
    influx: false,
    dashboard: true,
    machines: [
      {
        id: 'laser-co2',
        name: 'Découpe laser',
        kind: 'laser',
        profile: 'grbl',
        port: pty.hostPath,
        pollHz,
      },
    ],
  });
  const chromium = await launchChromium({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await chromium.page();
    await page.goto(`${stack.server.httpUrl}/?plein-ecran`);
    const card = page.locator('[data-machine-id="laser-co2"]');
    await card.waitFor({ timeout: 30_000 });
    const waitFor = async (state: string) => {
      for (let i = 0; i < 300 && (await card.getAttribute('data-state')) !== state; i += 1)
        await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor('idle');
    // Every change of the card's state, stamped in the page on this machine's clock.
    await page.evaluate(`(() => {
      window.__changes = [];
      const card = document.querySelector('[data-machine-id="laser-co2"]');
      new MutationObserver(() => {
        const now = document.querySelector('[data-machine-id="laser-co2"]');
        window.__changes.push({ state: now && now.getAttribute('data-state'), at: performance.timeOrigin + performance.now() });
      }).observe(card.parentElement.parentElement, { attributes: true, subtree: true, childList: true, attributeFilter: ['data-state'] });
    })()`);
    const steps: Array<{ to: string; act: () => void }> = [
      { to: 'running', act: () => laser.startJob({ name: 'bench.nc', durationS: 3600 }) },
      { to: 'error', act: () => laser.alarm(1) },
      { to: 'idle', act: () => laser.clearAlarm() },
    ];
    const latencies: number[] = [];
    for (let i = 0; i < changes; i += 1) {
      const step = steps[i % steps.length]!;
      // Let a poll or two pass so that each change starts from a settled wall.
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 200));
      const before = (await page.evaluate<number>('window.__changes.length')) as number;
      const at = performance.timeOrigin + performance.now();
      step.act();
      await waitFor(step.to);
      const seen = (await page.evaluate(
        `window.__changes.slice(${before}).find((c) => c.state === ${JSON.stringify(step.to)})`,
      )) as { at: number } | undefined;
      if (seen) latencies.push(seen.at - at);
    }
    const floor = await mqttFloor(stack.server.mqttUrl, 200);
    return {
      changes: latencies.length,
      p50Ms: quantile(latencies, 0.5),
      p90Ms: quantile(latencies, 0.9),
      maxMs: Math.max(...latencies),
      floorP50Ms: quantile(floor, 0.5),
      floorP90Ms: quantile(floor, 0.9),
      pollPeriodMs: 1000 / pollHz,
    };
  } finally {
    await chromium.stop();
    await stack.stop();
    await laser.stop();
    await pty.stop();
  }
}
