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

describe('loadEnv errors never quote a secret', () => {
  const message = (env: Record<string, string>) => {
    try {
      loadEnv(env);
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      return (error as Error).message;
    }
    return expect.unreachable();
  };

  it('removes user:password from an SMTP_URL and still says what is wrong', () => {
    const m = message({ SMTP_URL: 'submission://rapports:S3cret-P4ss@mail.example.fr:587' });
    expect(m).not.toContain('S3cret-P4ss');
    expect(m).not.toContain('rapports');
    expect(m).toContain('SMTP_URL="submission://(hidden)@mail.example.fr:587"');
    expect(m).toContain('an smtp:// or smtps:// URL');
  });

  it('removes credentials up to the last @, even without a scheme', () => {
    const m = message({ SMTP_URL: 'rapports:p@ss/w rd@mail.example.fr' });
    expect(m).not.toContain('p@ss');
    expect(m).not.toContain('w rd');
    expect(m).toContain('SMTP_URL="(hidden)@mail.example.fr"');
  });

  it('hides passwords and tokens, naming the variable and the rule', () => {
    const m = message({
      ADMIN_PASSWORD: 'court-1',
      METRICS_TOKEN: 'tok-123',
      INFLUX_TOKEN: '',
      SMTP_PORT: 'x',
    });
    expect(m).not.toContain('court-1');
    expect(m).not.toContain('tok-123');
    expect(m).toContain('ADMIN_PASSWORD=(hidden): at least 12 characters');
    expect(m).toContain('METRICS_TOKEN=(hidden): at least 16 characters');
    expect(m).toContain('INFLUX_TOKEN=""');
    expect(m).toContain('SMTP_PORT="x"');
  });
});
