import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logLevelOf } from '../../src/observability/logger.js';

function capture(isTTY: boolean) {
  const lines: string[] = [];
  const destination = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    }),
    { isTTY },
  );
  return { lines, destination };
}

describe('logger', () => {
  it('writes JSON lines with level, time and component off a terminal, secrets redacted in message and fields', async () => {
    const { lines, destination } = capture(false);
    const logger = createLogger({ env: {}, destination }).child({ component: 'slack' });
    logger.warn({ actionId: 'act_0123456789', headers: { authorization: 'Bearer abcdefghijklmnop' } }, 'call failed with xoxb-1234567890-secret');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'warn', component: 'slack', actionId: 'act_0123456789' });
    expect(typeof record.time).toBe('string');
    expect(lines[0]).not.toContain('xoxb-1234567890');
    expect(lines[0]).not.toContain('abcdefghijklmnop');
    expect(record.msg).toBe('call failed with [REDACTED]');
  });

  it('writes readable lines on a terminal and honours LOG_LEVEL', async () => {
    const { lines, destination } = capture(true);
    const logger = createLogger({ env: { LOG_LEVEL: 'warn' }, destination }).child({ component: 'webhooks' });
    logger.info('not shown');
    logger.error('refused a delivery');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d ERROR webhooks: refused a delivery$/);
    expect(logLevelOf({ OPSBOT_LOG_LEVEL: 'debug' })).toBe('debug');
    expect(logLevelOf({ LOG_LEVEL: 'loud' })).toBe('info');
  });
});
