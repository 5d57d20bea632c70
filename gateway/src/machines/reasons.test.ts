import { describe, expect, it } from 'vitest';
import { OFFLINE_REASONS, openFailure, reasonText } from './reasons.js';

describe('offline reasons', () => {
  it('words a reason in French by default and in English on request, from the table only', () => {
    const reason = { code: 'silent', params: { port: '/dev/ttyUSB0', seconds: '20' } } as const;
    expect(reasonText(reason)).toBe('port /dev/ttyUSB0 : aucune réponse depuis 20 s');
    expect(reasonText(reason, 'en')).toBe('port /dev/ttyUSB0: no answer for 20 s');
  });

  it('classifies open and connect errors by errno, never splicing the system’s words in', () => {
    const err = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(openFailure('/dev/x', err('ENOENT', 'No such file or directory')).code).toBe(
      'port_not_found',
    );
    expect(openFailure('tcp://h:23', err('ECONNREFUSED', 'connect ECONNREFUSED')).code).toBe(
      'connection_refused',
    );
    expect(openFailure('/dev/x', new Error('Error: bad file descriptor')).code).toBe('cannot_open');
    expect(reasonText(openFailure('/dev/x', new Error('bad file descriptor')))).not.toMatch(
      /bad file/,
    );
  });

  it('reads the error without the port’s name: a pty called …-host is not a host not found', () => {
    const port = '/tmp/mf-pty-x/printer-host';
    // What the serial transport says of a port that vanished (transports/serial.ts).
    const error = new Error(
      `serial port ${port} not found: is the machine on and its USB cable plugged in?`,
    );
    expect(openFailure(port, error).code).toBe('port_not_found');
  });

  it('has French and English words for every code', () => {
    for (const [code, words] of Object.entries(OFFLINE_REASONS)) {
      expect(words.fr, code).not.toBe(words.en);
      expect(words.fr.match(/\{\w+\}/g), code).toEqual(words.en.match(/\{\w+\}/g));
    }
  });
});
