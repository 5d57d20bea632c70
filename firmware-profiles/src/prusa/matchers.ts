/**
 * Prusa firmware's own lines (MK2.5/MK3/MK3S, 8-bit), tried before Marlin's. Each with a real line
 * and where it is printed in https://github.com/prusa3d/Prusa-Firmware (`Firmware/`).
 * @module
 */
import type { LineMatcher } from '../match.js';
import { progressMatcher, type MarlinEvent } from '../marlin/matchers.js';

type Matcher = LineMatcher<MarlinEvent>;

export const PRUSA_MATCHERS: readonly Matcher[] = [
  progressMatcher,
  // KILL: 2   (Marlin_main.cpp `kill(msg, id)` up to 3.12: printed before "Printer halted"; Prusa-Firmware #3150)
  (raw) => {
    const m = /^KILL:\s*(\d{1,3})$/.exec(raw);
    return m ? { kind: 'kill', raw, id: Number(m[1]) } : null;
  },
  // LCD status changed   (messages.cpp MSG_LCD_STATUS_CHANGED: the status line changed; Prusa-Link PR #252)
  (raw) => (raw === 'LCD status changed' ? { kind: 'noise', raw, topic: 'lcd-status' } : null),
  // E0:0 RPM PRN1:0 RPM E0@:0 PRN1@:0   (fan speeds, M123 / autoreport; Prusa-Link PR #252)
  (raw) => (/^E0:\d+ RPM PRN1:\d+ RPM\b/.test(raw) ? { kind: 'noise', raw, topic: 'fans' } : null),
  // CrashDetect ENABLED!   CrashDetect DISABLED   (Marlin_main.cpp setup(), at boot)
  (raw) => {
    const m = /^CrashDetect (ENABLED|DISABLED)/.exec(raw);
    return m ? { kind: 'crash-detection', raw, enabled: m[1] === 'ENABLED' } : null;
  },
  // echo:enqueing "CRASH_DETECTEDX"   (Marlin_main.cpp loop(): stallguard saw a crash on X, Y or both;
  // Prusa-Firmware #2883). The printer re-homes and goes on (`CRASH_RECOVER`), or waits after repeats.
  (raw) => {
    const m = /^echo:\s*enqueing "CRASH_DETECTED(X|Y|XY)"/i.exec(raw);
    return m ? { kind: 'crash', raw, axes: m[1] as string } : null;
  },
  // tmc2130_home_enter(axes_mask=0x01)   tmc2130_goto_step 0 45 2 1000   0 step=14 mscnt= 227
  // (tmc2130.cpp: the re-homing after a crash tells its steps; Prusa-Firmware #2883)
  (raw) =>
    /^tmc2130_\w+/.test(raw) || /^\d step=\s*\d+ mscnt=\s*\d+$/.test(raw)
      ? { kind: 'noise', raw, topic: 'homing-debug' }
      : null,
  // fsensor_checkpoint_print   fsensor_update - M600   (fsensor.cpp 3.x: the sensor saw a runout, the
  // print is cut where it is and M600 queued; Prusa-Firmware #2847 shows the first with its `f` lost)
  (raw) =>
    /^f?sensor_checkpoint_print$/.test(raw) || raw === 'fsensor_update - M600'
      ? { kind: 'filament-change', raw, cause: 'runout' }
      : null,
  // echo:Enqueing to the front: "M600"   (cmdqueue.cpp `enquecommand_front`, the runout's M600 and the MMU's)
  (raw) =>
    /^echo:\s*Enqueing to the front: "M600"/.test(raw)
      ? { kind: 'filament-change', raw, cause: 'queued' }
      : null,
];
