import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditLog, type AuditEntry } from '../src/audit/audit-log.js';
import { openStore } from '../src/store/open-store.js';
import { sized } from './bench-size.js';

const here = dirname(fileURLToPath(import.meta.url));
const RECORDS = Number(process.env.AUDIT_BENCH_RECORDS ?? sized(1_000_000, 2_000));
const BATCH = sized(50_000, 1_000);
const TARGET_RSS_MB = 150;

/**
 * `opsbot audit verify` over a long log: RECORDS records (default 1,000,000) are bulk-written with
 * AuditLog.appendAll (one transaction per 50,000), then the real CLI verifies them in a child process, which
 * reports its own wall time and peak RSS (process.resourceUsage().maxRSS) as it exits.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsbot-audit-bench-'));
  try {
    const store = await openStore({ dataDir });
    const audit = new AuditLog(store);
    const started = performance.now();
    for (let written = 0; written < RECORDS; written += BATCH) {
      await audit.appendAll(Array.from({ length: Math.min(BATCH, RECORDS - written) }, (_, index) => entry(written + index)));
    }
    const writeSeconds = (performance.now() - started) / 1000;
    await store.close();
    console.log(`audit: wrote ${RECORDS.toLocaleString('en-US')} records in ${writeSeconds.toFixed(1)} s (${Math.round(RECORDS / writeSeconds).toLocaleString('en-US')}/s, FTS index included)`);

    const result = await verifyInChild(dataDir);
    const rssMb = result.maxRssKb / 1024;
    console.log(`audit verify: ${RECORDS.toLocaleString('en-US')} records in ${(result.milliseconds / 1000).toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB) ${rssMb < TARGET_RSS_MB ? 'ok' : 'OVER TARGET'}`);
    if (!result.output.startsWith('audit chain ok')) throw new Error(`audit verify said: ${result.output}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A record shaped like what a status watch writes all day: a tool result with a line of text. */
function entry(index: number): AuditEntry {
  const service = ['frontend', 'api', 'auth', 'payments'][index % 4]!;
  return {
    actor: 'U00SRE',
    event: 'result',
    tool: 'service_status',
    args: { service, environment: 'production' },
    origin: { frontEnd: 'slack', channel: 'C0OPS', conversationId: `C0OPS:${1_700_000_000 + (index % 977)}.000100` },
    decision: 'ok',
    detail: { text: `${service} (production) OK · v2.${index % 50}.0 · p99 ${120 + (index % 80)} ms · error rate 0.${index % 10}%` },
  };
}

function verifyInChild(dataDir: string): Promise<{ milliseconds: number; maxRssKb: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'audit-verify-child.js')], {
      env: { PATH: process.env.PATH ?? '', HOME: dataDir, OPSBOT_DATA_DIR: dataDir },
      cwd: dataDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const lines = stdout.trim().split('\n');
      const figures = JSON.parse(lines.pop() ?? '{}') as { milliseconds: number; maxRssKb: number };
      resolve({ ...figures, output: lines.join('\n') });
    });
  });
}
