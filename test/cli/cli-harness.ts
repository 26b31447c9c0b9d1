import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { demoConfig } from '../../src/config/demo-config.js';

const BIN = resolve(import.meta.dirname, '../../bin/opsbot.js');

/** What a finished `opsbot` process left behind. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A data dir and a config file (the demo with half-second deploys) in a temp dir, and an environment that points at them. */
export interface CliSandbox {
  dataDir: string;
  configFile: string;
  env: NodeJS.ProcessEnv;
  run(args: string[], input?: string): Promise<CliResult>;
  cleanup(): void;
}

/** The built CLI (`npm test` builds first), isolated from the developer's own keys, tokens and data. */
export function cliSandbox(): CliSandbox {
  const root = mkdtempSync(join(tmpdir(), 'opsbot-cli-'));
  const dataDir = join(root, 'data');
  const configFile = join(root, 'opsbot.yaml');
  writeFileSync(configFile, stringify({ ...demoConfig, demo: { brokenVersions: ['v6.6.6'], deploySeconds: 0.5, outages: [] } }));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ANTHROPIC_|SLACK_|OPSBOT_|DATABASE_URL$)/.test(name)));
  const env = { ...inherited, OPSBOT_DATA_DIR: dataDir, OPSBOT_CONFIG: configFile };
  return {
    dataDir,
    configFile,
    env,
    run: (args, input) => runCli(args, env, input, root),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, input = '', cwd = process.cwd()): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
