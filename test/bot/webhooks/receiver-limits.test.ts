import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALERTMANAGER_TOKEN, webhookHarness, type WebhookHarness } from './webhook-harness.js';

/** Sends `total` bytes as a chunked body (no Content-Length), in 64 KB chunks; resolves with the status, or 'closed'. */
function chunkedPost(port: number, path: string, total: number, headers: Record<string, string> = {}): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', () => resolve('closed'));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const write = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) return void outgoing.once('drain', write);
      }
      outgoing.end();
    };
    write();
  });
}

describe('webhook receiver limits', () => {
  let h: WebhookHarness;
  beforeEach(async () => {
    h = await webhookHarness();
  });
  afterEach(async () => h.close());

  it('answers 413 to a chunked body past the limit, however far past, without an error in the log', async () => {
    const auth = { authorization: `Bearer ${ALERTMANAGER_TOKEN}` };
    expect(await chunkedPost(h.receiver.port, '/hooks/alertmanager', 2 * 1024 * 1024, auth)).toBe(413);
    expect(await chunkedPost(h.receiver.port, '/hooks/alertmanager', 40 * 1024 * 1024, auth)).toBe(413);
    expect(await chunkedPost(h.receiver.port, '/hooks/github', 20 * 1024 * 1024)).toBe(413);
    await h.receiver.idle();
    expect(h.receiverLogs.filter((line) => line.startsWith('error'))).toEqual([]);
    // The receiver still answers afterwards.
    expect((await fetch(`http://127.0.0.1:${h.receiver.port}/healthz`)).status).toBe(200);
  });

  it('logs refused deliveries at most once a minute per source, then says how many were refused in between', async () => {
    for (let index = 0; index < 40; index++) expect((await h.alertmanager({ probe: index }, 'wrong-token')).status).toBe(401);
    const refusals = h.receiverLogs.filter((line) => line.includes('refused a delivery'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/^warn alertmanager: refused a delivery with a bad or missing credential from /);
  });
});
