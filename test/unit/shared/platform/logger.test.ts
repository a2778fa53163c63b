import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../shared/platform/logger';

describe('structured logs', () => {
  it('never writes secrets, at any depth', () => {
    const lines: string[] = [];
    const log = createLogger('info', { requestId: 'r-1' }, (line) => lines.push(line));

    log.info('connected', {
      realmId: '123',
      tokens: { access_token: 'eyJ-secret', refreshToken: 'RT1-secret' },
      headers: { authorization: 'Bearer abc', cookie: 'sid=xyz', 'x-deskbooks-origin': 'origin-value-9' },
      password: 'hunter2',
      user: { email: 'a@example.com', totpSecret: 'JBSWY3DP' },
    });

    const line = lines[0] ?? '';
    for (const secret of [
      'eyJ-secret',
      'RT1-secret',
      'Bearer abc',
      'sid=xyz',
      'origin-value-9',
      'hunter2',
      'JBSWY3DP',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({
      level: 'info',
      message: 'connected',
      requestId: 'r-1',
      realmId: '123',
    });
  });

  it('leaves out messages below its level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', {}, (line) => lines.push(line));

    log.info('chatty');
    log.warn('worth knowing');

    expect(lines).toHaveLength(1);
  });
});
