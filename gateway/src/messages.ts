/**
 * Turns what a tracker asks to publish into contract messages: topic, payload with its envelope,
 * retain flag. The sequence number and the epoch come from the outbox when the message is stored.
 * @module
 */
import {
  CONTRACT_VERSION,
  topics,
  type EventMessage,
  type MachineKind,
  type StateMessage,
  type TelemetryMessage,
} from '@manufacto/firmware-profiles/contract';
import type { EmitContext } from './machines/serial-runner.js';
import type { TrackerOutput } from './machines/tracker.js';
import type { OutboxChannel } from './outbox/outbox.js';

export interface MachineIdentity {
  readonly site: string;
  readonly gateway: string;
  readonly id: string;
  readonly name: string;
  readonly kind: MachineKind;
}

export interface BuiltMessage {
  readonly channel: OutboxChannel;
  readonly build: (
    seq: number,
    epoch: string,
  ) => { topic: string; payload: string; retain: boolean };
}

export function buildMessage(
  machine: MachineIdentity,
  output: TrackerOutput,
  context: EmitContext,
): BuiltMessage {
  const envelope = (seq: number, epoch: string) => ({
    v: CONTRACT_VERSION,
    gateway: machine.gateway,
    seq,
    ts: context.ts,
    epoch,
  });
  switch (output.channel) {
    case 'state':
      return {
        channel: 'state',
        build: (seq, epoch) => {
          const message: StateMessage = {
            ...envelope(seq, epoch),
            state: output.state,
            ...(output.detail !== undefined ? { detail: output.detail } : {}),
            ...(output.reason !== undefined ? { reason: output.reason.slice(0, 500) } : {}),
            ...(output.reasonCode !== undefined ? { reasonCode: output.reasonCode } : {}),
            since: output.since,
            machine: {
              name: machine.name,
              kind: machine.kind,
              profile: context.profile,
              ...(context.firmware !== undefined
                ? { firmware: context.firmware.slice(0, 200) }
                : {}),
            },
          };
          return {
            topic: topics.machine(machine.site, machine.id, 'state'),
            payload: JSON.stringify(message),
            retain: true,
          };
        },
      };
    case 'telemetry':
      return {
        channel: 'telemetry',
        build: (seq, epoch) => {
          const message: TelemetryMessage = { ...envelope(seq, epoch), metrics: output.metrics };
          return {
            topic: topics.machine(machine.site, machine.id, 'telemetry'),
            payload: JSON.stringify(message),
            retain: false,
          };
        },
      };
    case 'event':
      return {
        channel: 'event',
        build: (seq, epoch) => {
          const { channel: _channel, ...body } = output;
          const message = { ...envelope(seq, epoch), ...body } as EventMessage;
          return {
            topic: topics.machine(machine.site, machine.id, 'event'),
            payload: JSON.stringify(message),
            retain: false,
          };
        },
      };
  }
}
