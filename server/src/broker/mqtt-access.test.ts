import { describe, expect, it } from 'vitest';
import { mayPublish, maySubscribe, type BrokerIdentity } from './mqtt-access.js';

const gw: BrokerIdentity = {
  kind: 'gateway',
  id: 'gw-lyon',
  site: 'lyon',
  machines: new Set(['laser-1', 'cnc-1']),
};

describe('broker access', () => {
  it('lets a gateway publish its own machines and presence under its own site only', () => {
    expect(mayPublish(gw, 'manufacto/v1/lyon/machines/laser-1/state')).toBe(true);
    expect(mayPublish(gw, 'manufacto/v1/lyon/machines/cnc-1/telemetry')).toBe(true);
    expect(mayPublish(gw, 'manufacto/v1/lyon/gateways/gw-lyon/presence')).toBe(true);
    expect(mayPublish(gw, 'manufacto/v1/lyon/machines/printer-9/state')).toBe(false);
    expect(mayPublish(gw, 'manufacto/v1/paris/machines/laser-1/state')).toBe(false);
    expect(mayPublish(gw, 'manufacto/v1/lyon/gateways/gw-other/presence')).toBe(false);
    expect(mayPublish(gw, 'manufacto/v1/lyon/machines/laser-1/command')).toBe(false);
    expect(mayPublish(gw, 'manufacto/v1/lyon/machines/laser-1/anything')).toBe(false);
    expect(mayPublish(gw, 'elsewhere/topic')).toBe(false);
  });

  it('lets a gateway subscribe to its own machines’ command topics, without wildcards', () => {
    expect(maySubscribe(gw, 'manufacto/v1/lyon/machines/laser-1/command')).toBe(true);
    expect(maySubscribe(gw, 'manufacto/v1/lyon/machines/+/command')).toBe(false);
    expect(maySubscribe(gw, 'manufacto/v1/#')).toBe(false);
    expect(maySubscribe(gw, 'manufacto/v1/lyon/machines/laser-1/state')).toBe(false);
    expect(maySubscribe(gw, 'manufacto/v1/lyon/machines/printer-9/command')).toBe(false);
  });

  it('lets an anonymous client (MQTT_ALLOW_ANONYMOUS=true, a closed lab network) do anything', () => {
    expect(maySubscribe({ kind: 'anonymous' }, 'manufacto/v1/#')).toBe(true);
    expect(mayPublish({ kind: 'anonymous' }, 'manufacto/v1/lyon/machines/laser-1/command')).toBe(
      true,
    );
  });
});
