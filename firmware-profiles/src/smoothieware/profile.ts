/**
 * Smoothieware (Smoothieboard, MKS SBase) in its CNC/laser build: GRBL-like realtime `?` reports,
 * but its own banner (`Smoothie`), identity (`version` → `Build version: edge-…`), older
 * comma-separated status reports, `$G` without the `GC:` tag, and halts (`… - reset or M999
 * required`, `!!`) instead of numbered alarms.
 * Sources: https://github.com/Smoothieware/Smoothieware/pull/769 (realtime ? and ^X),
 * https://github.com/winder/Universal-G-Code-Sender/issues/2380 (version, $G),
 * https://github.com/LaserWeb/deprecated-LaserWeb1/issues/5 (halt lines).
 * @module
 */
import type { LineMatcher } from '../match.js';
import { GRBL_CODES } from '../grbl/codes.js';
import type { GrblEvent } from '../grbl/matchers.js';
import { createGrblProfile } from '../grbl/profile.js';

export const SMOOTHIEWARE_MATCHERS: readonly LineMatcher<GrblEvent>[] = [
  // Build version: edge-1a9c1b2, Build date: Oct 16 2018 17:28:56, MCU: LPC1768, System Clock: 100MHz
  // https://github.com/winder/Universal-G-Code-Sender/issues/2380 (answer to `version`)
  (raw) => {
    if (!raw.startsWith('Build version:')) return null;
    const fields: Record<string, string> = {};
    for (const part of raw.split(/,\s*/, 16)) {
      const colon = part.indexOf(':');
      if (colon > 0) fields[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
    }
    return { kind: 'build', raw, version: fields['Build version'] ?? '', fields };
  },
  // Smoothie   (greeting at connection)
  // https://github.com/winder/Universal-G-Code-Sender/issues/2380
  (raw) =>
    raw === 'Smoothie'
      ? { kind: 'banner', raw, firmware: 'Smoothieware', version: '', variant: 'smoothieware' }
      : null,
  // [G0 G54 G17 G21 G90 G94 M0 M5 M9 T0 F20000.0000 S0.8000]   ($G without the GC: tag)
  // https://github.com/winder/Universal-G-Code-Sender/issues/2380
  (raw) => {
    const m = /^\[(G\d[^\]]*)\]$/.exec(raw);
    return m ? { kind: 'gcode-state', raw, modes: (m[1] as string).split(/\s+/) } : null;
  },
  // Limit switch min_x was hit - reset or M999 required      !!
  // https://github.com/LaserWeb/deprecated-LaserWeb1/issues/5
  (raw) => {
    if (raw === '!!') return { kind: 'halt', raw, text: '!!' };
    const m = /^(.*?)\s*-\s*reset or M999 required/i.exec(raw);
    return m ? { kind: 'halt', raw, text: (m[1] as string).trim() } : null;
  },
];

/**
 * Smoothieboards use native USB (no DTR reset). Smoothieware has no `$$` dump of GRBL settings
 * (its configuration is a file on the SD card): setup sends nothing, so laser mode stays unknown
 * and the spindle metrics are the machine's (`spindleOn` from `A:`/S, which it rarely sends).
 */
export const smoothiewareProfile = createGrblProfile({
  id: 'smoothieware',
  label: 'Smoothieware',
  variant: 'smoothieware',
  codes: GRBL_CODES,
  resetsOnOpen: false,
  extraMatchers: SMOOTHIEWARE_MATCHERS,
  identifyCommand: 'version',
  setup: [],
  identify: (event) =>
    event.kind === 'build'
      ? { profile: 'smoothieware', firmware: `Smoothieware ${event.version}` }
      : event.kind === 'banner' && event.variant === 'smoothieware'
        ? { profile: 'smoothieware', firmware: 'Smoothieware' }
        : null,
});
