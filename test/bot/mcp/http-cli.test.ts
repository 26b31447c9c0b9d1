import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoConfig } from '../../../src/config/demo-config.js';

const BIN = resolve(import.meta.dirname, '../../../bin/opsbot.js');
const run = promisify(execFile);
const TOKEN = 'cli-test-token-0123456789abcdef';

// The built `opsbot mcp --http` as an operator starts it: token from the environment, a free port, SIGTERM to stop.
describe('opsbot mcp --http', () => {
  let directory: string;
  let env: Record<string, string>;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'opsbot-mcp-http-'));
    const withTokens = join(directory, 'opsbot.yaml');
    writeFileSync(withTokens, stringify({ ...demoConfig, observability: { port: 0 }, mcp: { tokens: [{ token: 'env:OPSBOT_MCP_TOKEN', user: 'U00LEAD' }] } }));
    writeFileSync(join(directory, 'no-tokens.yaml'), stringify(demoConfig));
    env = { PATH: process.env.PATH ?? '', HOME: directory, OPSBOT_CONFIG: withTokens, OPSBOT_DATA_DIR: join(directory, 'data'), OPSBOT_MCP_TOKEN: TOKEN };
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('serves the token holder and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', '--http', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    const url = await new Promise<string>((resolveUrl, rejectUrl) => {
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const match = /at (http:\/\/\S+\/mcp)/.exec(stderr);
        if (match?.[1]) resolveUrl(match[1]);
      });
      child.once('exit', () => rejectUrl(new Error(`exited early: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);

    const client = new Client({ name: 'cli-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('deploy');
    await client.close();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start without configured tokens, as a configuration problem', async () => {
    const failure = await run(process.execPath, [BIN, 'mcp', '--http', '--port', '0'], { env: { ...env, OPSBOT_CONFIG: join(directory, 'no-tokens.yaml') }, timeout: 15_000 }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringMatching(/mcp\.tokens/) });
  });
});
