/**
 * Lines of real traffic that were left unknown (issue 16, defect 12), beyond what the walker of
 * `testcases/` checks: the identity a vendor's M115 completes, the vendor fields of one M115 line,
 * and multi-bed readings, for which no public capture was found (composed, labelled so).
 */
import { describe, expect, it } from 'vitest';
import { METRICS } from '../contract/metrics.js';
import type { MarlinModel } from './profile.js';
import { marlinProfile } from './profile.js';

function reduceAll(lines: readonly string[]): MarlinModel {
  let model = marlinProfile.initialModel();
  lines.forEach((line, i) => {
    model = marlinProfile.reduce(model, marlinProfile.parse(line), 1_000_000 + i * 1000).model;
  });
  return model;
}

describe('Marlin vendor lines', () => {
  it('completes the firmware name from an M115 printed one field per line (BQ, Marlin #4218)', () => {
    const model = reduceAll([
      'FIRMWARE_NAME:Marlin',
      'FIRMWARE_VERSION:2.2.0',
      'SOURCE_CODE_URL:http%3A//github.com/bq/Marlin',
      'MACHINE_TYPE:Hephestos_2',
      'EXTRUDER_COUNT:1',
    ]);
    expect(marlinProfile.identify('FIRMWARE_NAME:Marlin')).toEqual({
      profile: 'marlin',
      firmware: 'Marlin',
    });
    expect(marlinProfile.firmware?.(model)).toBe('Marlin 2.2.0');
    expect(model.firmware?.fields).toMatchObject({ MACHINE_TYPE: 'Hephestos_2' });
  });

  it('leaves the identity alone when M115 said everything on its first line', () => {
    const model = reduceAll([
      'FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 27 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 V2 EXTRUDER_COUNT:1',
      'Cap:AUTOREPORT_TEMP:1',
    ]);
    expect(marlinProfile.firmware?.(model)).toBeUndefined();
  });

  it('reads the vendor keys of one M115 line, digits and dashes in them (knutwurst #108, #11)', () => {
    const line =
      "FIRMWARE_NAME:Marlin 2.0.5.4 (knutwurst, Github) KNUTWURST_AI3M_VERSION:1.1.9 DISTRIBUTION_DATE:2021-01-13 SOURCE_CODE_URL:https://github.com/knutwurst/Marlin-2-0-x-Anycubic-i3-MEGA-S PROTOCOL_VERSION:1.0 MACHINE_TYPE:Knutwurst's Anycubic i3 MEGA EXTRUDER_COUNT:1 UUID:b6153152-86fb-4cd8-bda7-91c6a04c467d";
    expect(marlinProfile.parse(line)).toMatchObject({
      kind: 'firmware',
      name: 'Marlin 2.0.5.4 (knutwurst, Github)',
      fields: {
        KNUTWURST_AI3M_VERSION: '1.1.9',
        DISTRIBUTION_DATE: '2021-01-13',
        MACHINE_TYPE: "Knutwurst's Anycubic i3 MEGA",
        EXTRUDER_COUNT: '1',
      },
    });
    expect(
      marlinProfile.parse(
        'FIRMWARE_NAME:Marlin 2.0.5.4 (knutwurst, Github) MARLIN-AI3M_VERSION:1.1.0 SOURCE_CODE_URL:https://github.com/knutwurst/Marlin-2-0-x-Anycubic-i3-MEGA-S',
      ),
    ).toMatchObject({ fields: { 'MARLIN-AI3M_VERSION': '1.1.0' } });
  });

  it('reads the Ultimaker 2 M115, one field per line (Marlin #4218)', () => {
    expect(
      [
        'FIRMWARE_NAME:Marlin Ultimaker2; Sprinter/grbl mashup for gen6',
        'FIRMWARE_URL:http://github.com/Ultimaker',
        'PROTOCOL_VERSION:1.0',
        'MACHINE_TYPE:Ultimaker',
        'EXTRUDER_COUNT:1',
      ].map((l) => marlinProfile.parse(l).kind),
    ).toEqual(['firmware', 'firmware-field', 'firmware-field', 'firmware-field', 'firmware-field']);
  });

  it('publishes M114 positions and ignores acceleration echoes, with or without echo:', () => {
    const model = reduceAll(['X:10.00 Y:20.50 Z:0.30 E:1.20 Count X:800 Y:1640 Z:120']);
    expect(marlinProfile.snapshot(model).metrics).toMatchObject({
      pos_x_mm: 10,
      pos_y_mm: 20.5,
      pos_z_mm: 0.3,
    });
    expect(marlinProfile.parse('echo:Setting Print Acceleration: 1250.00')).toMatchObject({
      kind: 'noise',
      topic: 'acceleration',
    });
  });

  // No public capture of a multi-bed report was found (MK4duo's BEDS > 1 prints `B0:` `B1:`, see
  // https://github.com/MKFirmware/MK4duo/issues/724): this line is composed, not captured.
  it('reads two beds: B0 as the bed, B1 as the second bed (composed line, no capture found)', () => {
    const line = 'T:200.0 /200.0 B0:60.1 /60.0 B1:58.2 /60.0 @:64 B@:127';
    expect(marlinProfile.parse(line)).toMatchObject({
      heaters: { B0: { actual: 60.1, target: 60 }, B1: { actual: 58.2, target: 60 } },
    });
    expect(marlinProfile.snapshot(reduceAll([line])).metrics).toMatchObject({
      bed_temp_c: 60.1,
      bed_target_c: 60,
      bed1_temp_c: 58.2,
      bed1_target_c: 60,
    });
    // Each is one of the contract's metrics, which consumers (the wall, the README) rely on.
    const published = Object.keys(marlinProfile.snapshot(reduceAll([line])).metrics);
    expect(published.filter((key) => !(key in METRICS))).toEqual([]);
  });
});
