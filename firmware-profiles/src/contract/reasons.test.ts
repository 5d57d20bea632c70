import { describe, expect, it } from 'vitest';
import { fillReason, OFFLINE_REASONS, reasonInLanguage } from './reasons.js';

describe('offline reasons in the reader’s language', () => {
  it('reads the port and the seconds back from the French words and words them in English', () => {
    const french = fillReason(OFFLINE_REASONS.silent.fr, { port: '/dev/ttyUSB0', seconds: '20' });
    expect(reasonInLanguage('silent', french, 'en')).toBe('port /dev/ttyUSB0: no answer for 20 s');
    expect(reasonInLanguage('silent', french, 'fr')).toBe(french);
  });

  it('keeps a port with spaces and colons whole', () => {
    const french = fillReason(OFFLINE_REASONS.connection_refused.fr, { port: 'tcp://10.0.0.5:23' });
    expect(reasonInLanguage('connection_refused', french, 'en')).toBe(
      'tcp://10.0.0.5:23 refused the connection: is the board’s telnet/TCP server on?',
    );
  });

  it('gives null for an unknown code or words its template does not produce', () => {
    expect(reasonInLanguage('melted', 'fondu', 'en')).toBeNull();
    expect(reasonInLanguage('silent', 'la passerelle dit autre chose', 'en')).toBeNull();
    expect(reasonInLanguage(null, 'Alarme 1 : fin de course', 'en')).toBeNull();
    expect(reasonInLanguage('toString', 'x', 'en')).toBeNull();
  });
});
