import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagerDutyClient, PagerDutyUnavailable } from '../../../src/backends/pagerduty/pagerduty-client.js';
import { ToolFailure } from '../../../src/errors.js';
import type { FakePagerDuty } from '../../support/fake-pagerduty-server.js';
import { startFakePagerDuty, TOKEN } from './pagerduty-fixture.js';

let peer: FakePagerDuty;
const waits: number[] = [];
const client = () => new PagerDutyClient({ token: TOKEN, apiUrl: peer.url, timeoutMs: 2_000, sleep: async (ms) => void waits.push(ms) });

beforeAll(async () => {
  peer = await startFakePagerDuty();
});
afterAll(() => peer.stop());
beforeEach(() => {
  peer.requests.length = 0;
  waits.length = 0;
  peer.maxPageSize = 100;
});

describe('PagerDuty REST client', () => {
  it('sends the version Accept header and Token auth, and follows limit/offset/more to the end', async () => {
    peer.maxPageSize = 3;
    const users = await client().list<{ id: string }>('/users', 'users', {});
    expect(users).toHaveLength(peer.users.length);
    expect(new Set(users.map((user) => user.id)).size).toBe(peer.users.length);
    expect(peer.requests.map((request) => request.query.get('offset'))).toEqual(['0', '3', '6', '9']);
    for (const request of peer.requests) {
      expect(request.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
      expect(request.headers.authorization).toBe(`Token token=${TOKEN}`);
    }
  });

  it('waits out a 429 for the seconds its ratelimit-reset header gives, a bounded number of times', async () => {
    peer.rateLimitNext(7, 2);
    const body = await client().get<{ user: { id: string } }>('/users/PDANA01');
    expect(body.user.id).toBe('PDANA01');
    expect(waits).toEqual([7000, 7000]);
    peer.rateLimitNext(1, 10);
    await expect(client().get('/users/PDANA01')).rejects.toBeInstanceOf(PagerDutyUnavailable);
    expect(peer.requests.length).toBe(3 + 4);
    peer.clearFaults();
  });

  it('retries a 5xx read boundedly, and never retries a 5xx create', async () => {
    peer.failNext({ status: 503, body: { error: { message: 'Service Unavailable', code: 0 } } }, 2);
    expect((await client().get<{ user: { id: string } }>('/users/PWES001')).user.id).toBe('PWES001');
    expect(peer.requests).toHaveLength(3);
    peer.requests.length = 0;
    peer.failNext({ status: 500, body: { error: { message: 'Internal Server Error' } } }, 1);
    await expect(client().write('POST', '/incidents', { incident: { type: 'incident', title: 't', service: { id: 'PSERVICE1', type: 'service_reference' } } }, 'dana@example.com', { doing: 'open an incident' })).rejects.toThrow(/HTTP 500/);
    expect(peer.requests).toHaveLength(1);
    expect(peer.incidents).toHaveLength(0);
  });

  it('turns the error envelope into readable ToolFailure text, without the token', async () => {
    const failure = await client()
      .write('POST', '/incidents', { incident: { type: 'incident', title: 't', service: { id: 'PNOPE01', type: 'service_reference' } } }, 'dana@example.com', { doing: 'open an incident' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ToolFailure);
    expect((failure as Error).message).toBe('PagerDuty refused to open an incident: Invalid Input Provided — Service not found [code 2001] (HTTP 400).');
    const missingFrom = (await client().write('PUT', '/incidents/PX', {}, '', { doing: 'update' }).catch((error: unknown) => error)) as Error;
    expect(missingFrom.message).toMatch(/From header is required/);
    const badKey = (await new PagerDutyClient({ token: 'wrong-token-123456', apiUrl: peer.url, timeoutMs: 2_000 }).get('/users').catch((error: unknown) => error)) as Error;
    expect(badKey).toBeInstanceOf(PagerDutyUnavailable);
    expect(badKey.message).toMatch(/refused the API key \(HTTP 401.*Unauthorized/);
    expect(badKey.message).not.toContain('wrong-token-123456');
  });

  it('reports an unreachable PagerDuty as unavailable, not as an answer', async () => {
    const unreachable = new PagerDutyClient({ token: TOKEN, apiUrl: 'http://127.0.0.1:9', timeoutMs: 1_000, sleep: async () => undefined });
    const failure = (await unreachable.get('/oncalls').catch((error: unknown) => error)) as Error;
    expect(failure).toBeInstanceOf(PagerDutyUnavailable);
    expect(failure.message).toMatch(/unreachable/);
  });
});
