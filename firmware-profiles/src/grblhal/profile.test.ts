/**
 * grblHAL's manual tool change, line by line. No public capture of a `<Tool|…>` report was found:
 * the reports below follow grblHAL's source (report.c `report_realtime_status`, state_machine.c
 * `state_await_toolchanged`, tool_change.c, messages.c), they are not a log.
 */
import { describe, expect, it } from 'vitest';
import { grblProfile } from '../grbl/profile.js';
import { smoothiewareProfile } from '../smoothieware/profile.js';
import type { ProfileNotice } from '../profile.js';
import { grblhalProfile } from './profile.js';

function run(lines: readonly string[]) {
  let model = grblhalProfile.initialModel();
  const notices: ProfileNotice[] = [];
  const events = lines.map((line) => grblhalProfile.parse(line));
  events.forEach((event, i) => {
    const r = grblhalProfile.reduce(model, event, 1_000_000 + i * 1000);
    model = r.model;
    notices.push(...r.notices);
  });
  return { events, notices, snapshot: grblhalProfile.snapshot(model) };
}

const RUN = '<Run|MPos:100.000,50.000,-2.000|Bf:30,1000|FS:1200,18000|A:S>';
// M6: spindle and coolant stopped, the machine waits in Tool; `A:` shows `T` while the change is pending.
const TOOL = '<Tool|MPos:100.000,50.000,0.000|Bf:35,1024|FS:0,0|A:T>';
// Cycle start after the change: Idle (nothing planned yet) with the new tool, then Run again.
const IDLE_NEW_TOOL = '<Idle|MPos:100.000,50.000,-2.000|Bf:35,1024|FS:0,0|A:|T:2>';
const RUN_AGAIN = '<Run|MPos:101.000,50.000,-2.000|Bf:30,1000|FS:1200,18000|A:S>';

describe('grblHAL profile: manual tool change', () => {
  it('reads the tool number of a report as a number, and the pending change in A:', () => {
    expect(grblhalProfile.parse(IDLE_NEW_TOOL)).toEqual({
      kind: 'status',
      raw: IDLE_NEW_TOOL,
      state: 'Idle',
      mpos: [100, 50, -2],
      buffer: { blocks: 35, bytes: 1024 },
      feed: 0,
      spindle: 0,
      accessories: '',
      tool: 2,
    });
    expect(grblhalProfile.parse(TOOL)).toMatchObject({
      kind: 'status',
      state: 'Tool',
      accessories: 'T',
    });
    expect(grblhalProfile.parse('<Idle|MPos:0,0,0|T:1|TLR:1>')).toMatchObject({
      tool: 1,
      extras: { TLR: '1' },
    });
  });

  it('leaves T: raw where it is not a tool number (other firmwares, or not a plain number)', () => {
    expect(grblProfile.parse('<Idle|MPos:0,0,0|T:2>')).toMatchObject({ extras: { T: '2' } });
    expect(grblProfile.parse('<Idle|MPos:0,0,0|T:2>')).not.toHaveProperty('tool');
    expect(smoothiewareProfile.parse('<Idle|MPos:0,0,0|T:21.5,0.0>')).toMatchObject({
      extras: { T: '21.5,0.0' },
    });
    expect(grblhalProfile.parse('<Idle|MPos:0,0,0|T:2,5>')).toMatchObject({ extras: { T: '2,5' } });
  });

  it('pauses the job while in Tool', () => {
    expect(run([RUN, TOOL]).snapshot).toMatchObject({
      state: 'paused',
      detail: 'tool_change',
      jobActive: true,
      spindleOn: false,
    });
    // Jogging to touch off the new tool: the job is still paused, not idle.
    expect(run([RUN, TOOL, '<Jog|MPos:100.000,50.000,-5.000|FS:500,0>']).snapshot).toMatchObject({
      state: 'paused',
      detail: 'jogging',
      jobActive: true,
    });
  });

  it('keeps one job across the change: Tool, then Idle once changed, then Run, with no outcome', () => {
    const { notices, snapshot } = run([RUN, TOOL, IDLE_NEW_TOOL, RUN_AGAIN]);
    expect(notices).toEqual([]);
    expect(snapshot).toMatchObject({ state: 'running', jobActive: true, spindleOn: true });
    // Straight from Tool to Run (motion already queued) is the same job too.
    expect(run([RUN, TOOL, RUN_AGAIN])).toMatchObject({
      notices: [],
      snapshot: { state: 'running', jobActive: true },
    });
  });

  it('still calls a job cancelled when the board is reset during the change (banner)', () => {
    const { notices } = run([RUN, TOOL, "GrblHAL 1.1f ['$' or '$HELP' for help]"]);
    expect(notices).toEqual([
      { type: 'job_outcome', outcome: 'cancelled', reason: 'machine réinitialisée' },
    ]);
  });

  it('knows the lines printed around a tool change and its touch-off: none is unknown', () => {
    const lines = [
      '[MSG:Perform a probe with $TPW first!]', // messages.c, cycle start before the $TPW touch-off
      '[MSG:Reference tool length offset established]', // messages.c, first touch-off
      '[PRB:77.663,90.330,-18.190:1]', // report.c report_probe_parameters
      '[TLO:-1.250]', // report.c report_tool_offsets (one axis)
      '[TLR:-18.190]', // report.c, tool length reference in the $# answer
      '[MSG:]', // tool_change.c: the message cleared once the change is done
      'error:40', // errors.h: motion other than jogging while the change is pending
    ];
    const { events, notices } = run(lines);
    expect(events.map((e) => e.kind)).toEqual([
      'message',
      'message',
      'probe',
      'offset',
      'feedback',
      'message',
      'error',
    ]);
    expect(notices).toEqual([
      {
        type: 'alarm',
        severity: 'warning',
        code: 'error:40',
        message: 'Error 40: Tool change pending',
      },
    ]);
  });
});
