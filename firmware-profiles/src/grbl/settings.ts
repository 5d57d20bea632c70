/**
 * The GRBL settings the model reads from the `$$` dump asked at setup, as data: which `$N`,
 * what it means for Manufacto, and how its value is read. Other settings are parsed (`setting`
 * events) but not kept.
 * Source: https://github.com/gnea/grbl/blob/master/doc/markdown/settings.md
 * @module
 */

/** What the model keeps of the settings. */
export interface GrblSettings {
  /** `$32=1`: laser mode — S is laser power, and the spindle metrics become beam metrics. */
  readonly laserMode?: boolean;
  /** `$30`: the S value of 100 % power / maximum rpm (GRBL's default 1000). */
  readonly maxSpindle?: number;
  /** `$31`: the S value of the lowest PWM output. */
  readonly minSpindle?: number;
  /** `$10`: status report mask (bit 0 = MPos instead of WPos, bit 1 = buffer state). */
  readonly statusMask?: number;
}

export interface SettingDescription {
  readonly id: number;
  readonly key: keyof GrblSettings;
  readonly label: { readonly fr: string; readonly en: string };
  /** The value to keep, or undefined when the text is not a valid value. */
  readonly read: (value: string) => GrblSettings[keyof GrblSettings] | undefined;
}

const positive = (value: string) => {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
};
const nonNegative = (value: string) => {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
};

export const GRBL_SETTINGS: readonly SettingDescription[] = [
  {
    id: 10,
    key: 'statusMask',
    label: { fr: 'Masque du rapport d’état', en: 'Status report mask' },
    read: (v) => (/^\d+$/.test(v) ? Number(v) : undefined),
  },
  {
    id: 30,
    key: 'maxSpindle',
    label: { fr: 'Vitesse broche maximale (S)', en: 'Maximum spindle speed (S)' },
    read: positive,
  },
  {
    id: 31,
    key: 'minSpindle',
    label: { fr: 'Vitesse broche minimale (S)', en: 'Minimum spindle speed (S)' },
    read: nonNegative,
  },
  {
    id: 32,
    key: 'laserMode',
    label: { fr: 'Mode laser', en: 'Laser mode' },
    read: (v) => (v === '1' ? true : v === '0' ? false : undefined),
  },
];

/** The settings after one `$N=value` line; unchanged when the setting is not one we keep. */
export function applySetting(settings: GrblSettings, id: number, value: string): GrblSettings {
  const description = GRBL_SETTINGS.find((s) => s.id === id);
  if (!description) return settings;
  const read = description.read(value);
  return read === undefined ? settings : { ...settings, [description.key]: read };
}
