import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { sized } from './bench-size.js';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.MCP_BENCH_RUNS ?? sized(10, 2));
const TARGET_RATIO = 1.5;
const TARGET_MEDIAN_MS = 400;
// What an IDE's model reads of opsbot before the first question, on every turn.
const TARGET_TOOLS_LIST_BYTES = 12_000;

/** One stdio server to start: what an IDE would put in its config. */
interface Subject {
  name: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * Cold start of `opsbot mcp` over stdio, measured as a client sees it: from spawning the process
 * to the `tools/list` answer. A bare SDK server with one tool, started the same way in the same
 * run, is the baseline, so the ratio says what opsbot itself adds on this machine.
 */
export async function run(): Promise<void> {
  // A fresh data dir and no opsbot.yaml in the working directory: the built-in demo, first start included.
  const directory = mkdtempSync(join(tmpdir(), 'opsbot-mcp-bench-'));
  const base = { PATH: process.env.PATH ?? '', HOME: directory };
  const opsbot: Subject = { name: 'opsbot mcp', args: [resolve(here, '../../bin/opsbot.js'), 'mcp'], env: { ...base, OPSBOT_USER: 'U00LEAD', OPSBOT_DATA_DIR: join(directory, 'data') } };
  const bare: Subject = { name: 'bare SDK server', args: [join(here, 'bare-mcp-server.js')], env: base };
  try {
    // One unmeasured start each warms the file cache and runs the store's first migrations.
    await coldStart(opsbot, directory);
    await coldStart(bare, directory);
    const times = { opsbot: [] as number[], bare: [] as number[] };
    for (let index = 0; index < RUNS; index += 1) {
      // Interleaved, so a noisy moment on the machine hits both alike.
      times.opsbot.push(await coldStart(opsbot, directory));
      times.bare.push(await coldStart(bare, directory));
    }
    const opsbotMedian = median(times.opsbot);
    const bareMedian = median(times.bare);
    const ratio = opsbotMedian / bareMedian;
    console.log(`cold start to tools/list over stdio, ${RUNS} runs each (node ${process.version})`);
    console.log(`  ${opsbot.name.padEnd(16)} median ${format(opsbotMedian)}  min ${format(Math.min(...times.opsbot))}  max ${format(Math.max(...times.opsbot))}`);
    console.log(`  ${bare.name.padEnd(16)} median ${format(bareMedian)}  min ${format(Math.min(...times.bare))}  max ${format(Math.max(...times.bare))}`);
    console.log(`  ratio ${ratio.toFixed(2)} (target < ${TARGET_RATIO}) ${ratio < TARGET_RATIO ? 'ok' : 'OVER'}; median ${format(opsbotMedian)} (target < ${TARGET_MEDIAN_MS} ms) ${opsbotMedian < TARGET_MEDIAN_MS ? 'ok' : 'OVER'}`);
    const bytes = await toolsListBytes(opsbot, directory);
    console.log(`  tools/list for a lead (U00LEAD): ${bytes} bytes (target < ${TARGET_TOOLS_LIST_BYTES}) ${bytes < TARGET_TOOLS_LIST_BYTES ? 'ok' : 'OVER'}`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function coldStart(subject: Subject, cwd: string): Promise<number> {
  const started = performance.now();
  const client = new Client({ name: 'mcp-bench', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: process.execPath, args: subject.args, env: subject.env, cwd, stderr: 'ignore' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    if (tools.length === 0) throw new Error(`${subject.name} listed no tools`);
    return performance.now() - started;
  } finally {
    await client.close();
  }
}

/** The size of the `tools/list` result as JSON, as it travels to the client and into its model's context. */
async function toolsListBytes(subject: Subject, cwd: string): Promise<number> {
  const client = new Client({ name: 'mcp-bench', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: process.execPath, args: subject.args, env: subject.env, cwd, stderr: 'ignore' });
  try {
    await client.connect(transport);
    return Buffer.byteLength(JSON.stringify(await client.listTools()));
  } finally {
    await client.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function format(milliseconds: number): string {
  return `${Math.round(milliseconds)} ms`;
}
