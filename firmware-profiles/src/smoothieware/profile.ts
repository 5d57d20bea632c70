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
import { parseStatus, type GrblEvent } from '../grbl/matchers.js';
import { createGrblProfile } from '../grbl/profile.js';

export const SMOOTHIEWARE_MATCHERS: readonly LineMatcher<GrblEvent>[] = [
  // <Idle,MPos:5.529,0.560,7.000,WPos:1.529,-5.440,-0.000>   (older firmware, commas throughout)
  (raw) => {
    const m = /^<([A-Za-z]+(?::\d)?),MPos:([-\d.]+,[-\d.]+,[-\d.]+(?:,[-\d.]+)*?),WPos:([-\d.]+,[-\d.]+,[-\d.]+(?:,[-\d.]+)*?)(?:,(.*))?>$/.exec(raw);
    return m ? parseStatus(raw, [m[1], `MPos:${m[2]}`, `WPos:${m[3]}`].join('|')) : null;
  },
  // Build version: edge-1a9c1b2, Build date: Oct 16 2018 17:28:56, MCU: LPC1768, System Clock: 100MHz
  (raw) => {
    if (!raw.startsWith('Build version:')) return null;
    const fields = Object.fromEntries(raw.split(/,\s*/).map((part) => {
      const colon = part.indexOf(':');
      return [part.slice(0, colon).trim(), part.slice(colon + 1).trim()];
    }));
    return { kind: 'build', raw, version: fields['Build version'] ?? '', fields };
  },
  // Smoothie   (greeting at connection)
  (raw) => (raw === 'Smoothie' ? { kind: 'banner', raw, firmware: 'Smoothieware', version: '', variant: 'grbl' } : null),
  // [G0 G54 G17 G21 G90 G94 M0 M5 M9 T0 F20000.0000 S0.8000]   ($G without the GC: tag)
  (raw) => {
    const m = /^\[(G\d[^\]]*)\]$/.exec(raw);
    return m ? { kind: 'gcode-state', raw, modes: (m[1] as string).split(/\s+/) } : null;
  },
  // Limit switch min_x was hit - reset or M999 required      !!
  (raw) => {
    if (raw === '!!') return { kind: 'halt', raw, text: '!!' };
    const m = /^(.*?)\s*-\s*reset or M999 required/i.exec(raw);
    return m ? { kind: 'halt', raw, text: (m[1] as string).trim() } : null;
  },
];

/** Smoothieboards use native USB (no DTR reset). */
export const smoothiewareProfile = createGrblProfile({
  id: 'smoothieware',
  label: 'Smoothieware',
  variant: 'grbl',
  codes: GRBL_CODES,
  resetsOnOpen: false,
  extraMatchers: SMOOTHIEWARE_MATCHERS,
  identifyCommand: 'version',
  identify: (event) => (event.kind === 'build' ? { profile: 'smoothieware', firmware: `Smoothieware ${event.version}` } : null),
});
