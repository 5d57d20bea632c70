import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from './config.js';
import { diagnostics, redact } from './diagnostics.js';

const config = parseGatewayConfig({
  site: 'atelier',
  gateway: 'gw-1',
  broker: { url: 'mqtt://gw:s3cret@broker.local:1883', username: 'gw', password: 's3cret' },
  machines: [{ id: 'cnc-1', name: 'CNC', kind: 'cnc', port: '/dev/ttyACM0' }],
});

describe('diagnostics', () => {
  it('never contains the broker password, wherever it was written', () => {
    const text = JSON.stringify(redact(config));
    expect(text).not.toContain('s3cret');
    expect(text).toContain('REDACTED');
  });

  it('puts the gateway status beside the redacted config', () => {
    const status = {
      broker: { connected: false, lastError: 'ECONNREFUSED' },
      outbox: { epoch: 'e1', pending: 3, nextSeq: 10, droppedTelemetry: 0 },
      machines: [],
    };
    const snapshot = diagnostics(
      config,
      { status: () => status },
      new Date('2026-11-23T10:00:00Z'),
    );
    expect(snapshot).toMatchObject({
      takenAt: '2026-11-23T10:00:00.000Z',
      outbox: { pending: 3 },
      broker: { lastError: 'ECONNREFUSED' },
    });
    expect(JSON.stringify(snapshot)).not.toContain('s3cret');
  });
});
