import { describe, expect, it } from 'vitest';
import { RUNBOOKS } from '../../src/backends/demo/runbook-library.js';
import { findRunbook } from '../../src/backends/runbook-match.js';

const found = (query: string) => findRunbook(RUNBOOKS, query)?.name ?? null;

describe('findRunbook', () => {
  it('takes the same words however they are written', () => {
    expect(found('high latency')).toBe('high-latency');
    expect(found('High_Latency')).toBe('high-latency');
    expect(found('high cpu')).toBe('high-cpu');
  });

  it('finds the runbook sharing the most words with the trouble as people describe it', () => {
    expect(found('auth session store dies')).toBe('auth-session-store');
    expect(found('api database connections run out')).toBe('api-database-connections');
    expect(found('payments ledger does not match')).toBe('payments-ledger-mismatch');
  });

  it('prefers the exact name and the alert over word overlap, and finds nothing from one shared word of several', () => {
    expect(found('HighErrorRate')).toBe('high-error-rate');
    expect(found('payments')).toBe('payments-psp-outage');
    expect(found('the cache of the printer is high')).toBeNull();
    expect(found('NoSuchAlertAnywhere')).toBeNull();
  });
});
