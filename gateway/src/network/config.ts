/**
 * The config of one network machine (`transport: mqtt | http | websocket`): where the device is,
 * which profile reads it, its credentials and, for power meters, its thresholds. Secrets are given
 * inline, or better `{ file: … }` or `{ env: … }`; `resolveSecrets` reads them once at boot, and
 * diagnostics never show them.
 * @module
 */
import { readFileSync } from 'node:fs';
import {
  findNetworkProfile,
  networkProfiles,
  powerThresholdProblems,
} from '@manufacto/firmware-profiles';
import { ID_PATTERN, MACHINE_KINDS } from '@manufacto/firmware-profiles/contract';
import { z } from 'zod';

export const NETWORK_TRANSPORTS = ['mqtt', 'http', 'websocket'] as const;

/** A secret: the value itself, a file holding it (trailing newline dropped), or an environment variable. */
export const secretSchema = z.union([
  z.string().min(1),
  z.object({ file: z.string().min(1) }).strict(),
  z
    .object({
      env: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name (e.g. BAMBU_X1C_CODE)'),
    })
    .strict(),
]);
export type Secret = z.infer<typeof secretSchema>;

const URL_SCHEMES: Readonly<Record<(typeof NETWORK_TRANSPORTS)[number], RegExp>> = {
  mqtt: /^mqtts?:\/\/[^/]+\/?$/,
  http: /^https?:\/\/[^/]+\/?$/,
  websocket: /^wss?:\/\/[^/]+\/?$/,
};

export const networkMachineSchema = z
  .object({
    id: z.string().regex(ID_PATTERN, 'use lowercase letters, digits and dashes (e.g. "bambu-x1c")'),
    name: z.string().min(1).max(120),
    kind: z.enum(MACHINE_KINDS),
    transport: z.enum(NETWORK_TRANSPORTS),
    /** A network profile id: bambu, moonraker, octoprint, prusalink, shelly, tasmota. */
    profile: z.string().refine((name) => findNetworkProfile(name) !== undefined, {
      error: (issue) =>
        `unknown network profile "${String(issue.input)}"; known network profiles: ${networkProfiles.map((p) => p.id).join(', ')}`,
    }),
    /** The device (or the broker it publishes to): mqtts://192.168.1.50:8883, http://192.168.1.60, ws://voron.local:7125. */
    url: z.string().min(1),
    /** The device's own name in its topics: Bambu serial number, Shelly topic prefix, Tasmota Topic. */
    device: z.string().min(1).max(120).optional(),
    username: z.string().min(1).optional(),
    password: secretSchema.optional(),
    /** PrusaLink and OctoPrint API keys (sent as `X-Api-Key`). */
    apiKey: secretSchema.optional(),
    tls: z
      .object({
        /** A PEM file to trust: the printer's own certificate (Bambu: `openssl s_client -connect IP:8883 -showcerts`). */
        caFile: z.string().min(1).optional(),
        /** `ca-file` checks the device against `caFile`; `any` takes any certificate (encrypted, not authenticated). */
        trust: z.enum(['ca-file', 'any']).default('ca-file'),
        /** The name the device's certificate must carry when caFile is a CA, not that certificate (the host dialled otherwise). */
        servername: z
          .string()
          .max(253)
          .regex(
            /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/,
            'a host name as the device’s certificate gives it (e.g. prusa-mk4.atelier)',
          )
          .optional(),
      })
      .prefault({}),
    /** Polling period (http) or full-refresh period (mqtt); the profile's default otherwise. */
    pollSeconds: z.number().positive().max(3600).optional(),
    /** Power meters: when the draw means the machine works (see firmware-profiles/src/power). */
    power: z
      .object({
        idleBelowW: z.number().min(0),
        workingAboveW: z.number().positive(),
        startAfterSeconds: z.number().min(0).max(600).default(5),
        endAfterSeconds: z.number().min(0).max(3600).default(60),
      })
      .optional(),
  })
  .superRefine((m, ctx) => {
    const profile = findNetworkProfile(m.profile);
    if (!profile) return;
    if (!profile.transports.includes(m.transport))
      ctx.addIssue({
        code: 'custom',
        path: ['transport'],
        message: `profile ${m.profile} speaks ${profile.transports.join(' or ')}, not ${m.transport}`,
      });
    if (!URL_SCHEMES[m.transport].test(m.url))
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `"${m.url}" is not a ${m.transport} address (e.g. ${m.transport === 'mqtt' ? 'mqtts://192.168.1.50:8883' : m.transport === 'http' ? 'http://192.168.1.60' : 'ws://voron.local:7125'})`,
      });
    if (profile.needsDevice && !m.device)
      ctx.addIssue({
        code: 'custom',
        path: ['device'],
        message: `profile ${m.profile} needs the device's name in its topics (serial number, topic prefix)`,
      });
    if (profile.needsPower && !m.power)
      ctx.addIssue({
        code: 'custom',
        path: ['power'],
        message: `profile ${m.profile} is a power meter: give power.idleBelowW and power.workingAboveW`,
      });
    if (m.power)
      for (const problem of powerThresholdProblems(m.power))
        ctx.addIssue({ code: 'custom', path: ['power'], message: problem });
    const tls =
      m.url.startsWith('mqtts:') || m.url.startsWith('https:') || m.url.startsWith('wss:');
    if (tls && m.tls.trust === 'ca-file' && !m.tls.caFile)
      ctx.addIssue({
        code: 'custom',
        path: ['tls'],
        message:
          'give tls.caFile (the device’s certificate, e.g. from `openssl s_client -connect HOST:PORT -showcerts`) or tls.trust: any',
      });
  });
export type NetworkMachineConfig = z.infer<typeof networkMachineSchema>;

/** A network machine with its secrets read: what the runner gets. */
export interface NetworkMachine extends Omit<NetworkMachineConfig, 'password' | 'apiKey'> {
  readonly password?: string;
  readonly apiKey?: string;
  readonly ca?: string;
}

/** Reads one secret; the error names the field, never the value. */
export function readSecret(
  secret: Secret,
  field: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (typeof secret === 'string') return secret;
  if ('env' in secret) {
    const value = env[secret.env];
    if (value === undefined || value === '')
      throw new Error(`${field}: environment variable ${secret.env} is not set`);
    return value;
  }
  try {
    return readFileSync(secret.file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new Error(
      `${field}: cannot read ${secret.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** The machine with its secrets and CA file read (at boot: a missing file stops the gateway, naming it). */
export function resolveNetworkMachine(
  m: NetworkMachineConfig,
  field: string,
  env: NodeJS.ProcessEnv = process.env,
): NetworkMachine {
  const { password, apiKey, ...rest } = m;
  let ca: string | undefined;
  if (m.tls.caFile) {
    try {
      ca = readFileSync(m.tls.caFile, 'utf8');
    } catch (error) {
      throw new Error(
        `${field}.tls.caFile: cannot read ${m.tls.caFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  return {
    ...rest,
    ...(password !== undefined ? { password: readSecret(password, `${field}.password`, env) } : {}),
    ...(apiKey !== undefined ? { apiKey: readSecret(apiKey, `${field}.apiKey`, env) } : {}),
    ...(ca !== undefined ? { ca } : {}),
  };
}
