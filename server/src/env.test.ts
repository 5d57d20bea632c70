import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.js';

describe('loadEnv', () => {
  it('has the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 8080,
      MQTT_PORT: 1883,
      DATA_DIR: './var',
      INFLUX_DATABASE: 'manufacto',
      LOG_LEVEL: 'info',
    });
    expect(env.INFLUX_URL).toBeUndefined();
    expect(env.MQTT_URL).toBeUndefined();
  });

  it('treats an empty INFLUX_URL as not configured', () => {
    expect(loadEnv({ INFLUX_URL: '' }).INFLUX_URL).toBeUndefined();
  });

  it('names every wrong variable and its value', () => {
    try {
      loadEnv({ PORT: 'eighty', INFLUX_URL: 'not a url', LOG_LEVEL: 'chatty' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as Error).message;
      expect(message).toContain('PORT="eighty"');
      expect(message).toContain('INFLUX_URL="not a url"');
      expect(message).toContain('LOG_LEVEL="chatty"');
    }
  });
});
