import type { PastJob } from '@manufacto/firmware-profiles';
import type { FinishedJob } from '@manufacto/firmware-profiles/contract';
import { describe, expect, it } from 'vitest';
import { initialPastJobs, recordLiveJob, takePastJob } from './past-jobs.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const min = (m: number) => T0 + m * 60_000;

const past = (from: number, to: number, extra: Partial<PastJob> = {}): PastJob => ({
  deviceJobId: `00000${from}`,
  name: 'benchy.gcode',
  startedAt: min(from),
  endedAt: min(to),
  outcome: 'completed',
  activeSeconds: (to - from) * 60 - 30,
  ...extra,
});

const live = (
  from: number,
  to: number,
  outcome: FinishedJob['outcome'] = 'completed',
): FinishedJob => ({
  id: `voron-${min(from)}`,
  startedAt: min(from),
  endedAt: min(to),
  outcome,
  wallSeconds: (to - from) * 60,
  activeSeconds: (to - from) * 60,
});

describe('jobs from the device history', () => {
  it('makes a job that ran while the gateway was away a usage session, once', () => {
    const start = recordLiveJob(initialPastJobs(min(0)), live(0, 10), false);
    const first = takePastJob(start, past(20, 50, { energyWh: 84.2 }), 'voron', undefined);
    expect(first.outputs).toEqual([
      {
        channel: 'event',
        type: 'job_finished',
        job: {
          id: `voron-${min(20)}`,
          name: 'benchy.gcode',
          startedAt: min(20),
          endedAt: min(50),
          outcome: 'completed',
          wallSeconds: 1800,
          activeSeconds: 1770,
          energyWh: 84.2,
        },
      },
    ]);
    // The history is asked again at every reconnection: the same job is not counted twice.
    expect(takePastJob(first.state, past(20, 50), 'voron', undefined).outputs).toEqual([]);
  });

  it('does not count a job seen live again, its clock a few seconds apart', () => {
    const state = recordLiveJob(initialPastJobs(min(0)), live(5, 30), false);
    const shifted = { ...past(5, 30), endedAt: min(30) + 3000 };
    expect(takePastJob(state, shifted, 'voron', undefined).outputs).toEqual([]);
  });

  it('tells apart two jobs back to back, the second one never seen', () => {
    const state = recordLiveJob(initialPastJobs(min(0)), live(5, 30), false);
    const next = { ...past(30, 45), startedAt: min(30) + 400 };
    expect(takePastJob(state, next, 'voron', undefined).outputs).toHaveLength(1);
  });

  it('leaves the job the tracker follows now to the tracker', () => {
    const state = initialPastJobs(min(0));
    expect(takePastJob(state, past(5, 30), 'voron', { startedAt: min(5) }).outputs).toEqual([]);
  });

  it('corrects a job the lost link cut short with the machine’s own end and outcome, same id', () => {
    const cut = recordLiveJob(initialPastJobs(min(0)), live(5, 12, 'failed'), true);
    const step = takePastJob(cut, past(5, 40, { outcome: 'cancelled' }), 'voron', undefined);
    expect(step.outputs).toMatchObject([
      {
        type: 'job_finished',
        job: { id: `voron-${min(5)}`, startedAt: min(5), endedAt: min(40), outcome: 'cancelled' },
      },
    ]);
    expect(takePastJob(step.state, past(5, 40), 'voron', undefined).outputs).toEqual([]);
  });

  it('ignores what ended before the gateway first started: not Manufacto’s sessions', () => {
    const state = initialPastJobs(min(60));
    expect(takePastJob(state, past(5, 40), 'voron', undefined).outputs).toEqual([]);
  });
});
