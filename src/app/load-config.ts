import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.js';
import { registerSecret } from '../util/redact.js';
import { demoConfig } from '../config/demo-config.js';
import type { Config } from '../config/schema.js';
import { tokenProblems, validateConfig } from './validate-config.js';

/** A loaded configuration and where it came from, for `opsbot config check` and start-up messages. */
export interface LoadedConfig {
  config: Config;
  source: string;
}

/** `OPSBOT_CONFIG`, else `./opsbot.yaml`, else the built-in demo. */
export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const explicit = options.file ?? env.OPSBOT_CONFIG;
  const candidate = explicit ?? resolve(options.cwd ?? process.cwd(), 'opsbot.yaml');
  if (!explicit && !existsSync(candidate)) return { config: validateConfig(demoConfig), source: 'built-in demo' };
  return { config: readConfigFile(candidate), source: candidate };
}

/** Largest configuration file read: far above any real one, far below what would take seconds and gigabytes to parse. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export function readConfigFile(file: string): Config {
  let text: string;
  try {
    text = readBounded(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` line ${error.linePos[0].line}` : '';
    throw new ConfigError([`${file}${where}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`]);
  }
  return validateConfig(raw);
}

/** The bearer tokens with `env:NAME` read from the environment; refuses unset or short values, and one value used twice. */
export function resolveMcpTokens(tokens: Config['mcp']['tokens'], env: NodeJS.ProcessEnv): Config['mcp']['tokens'] {
  const problems: string[] = [];
  const resolved = tokens.map((entry, index) => {
    if (!entry.token.startsWith('env:')) return entry;
    const name = entry.token.slice(4);
    const value = env[name];
    if (!value) problems.push(`mcp.tokens[${index}].token: environment variable ${name} is not set`);
    else if (value.length < 24) problems.push(`mcp.tokens[${index}].token: ${name} must hold at least 24 characters`);
    return { ...entry, token: value ?? '' };
  });
  if (problems.length) throw new ConfigError(problems);
  for (const entry of resolved) registerSecret(entry.token);
  // Two variables holding the same value are the same credential, as two equal literals are.
  const shared = tokenProblems(resolved, (index) => `mcp.tokens[${index}].token (${tokens[index]!.token.startsWith('env:') ? tokens[index]!.token.slice(4) : 'literal'})`);
  if (shared.length) throw new ConfigError(shared);
  return resolved;
}

/** The file's text, refused before any parsing once it passes MAX_CONFIG_BYTES (read in bounded steps, so a pipe or device counts too). */
function readBounded(file: string): string {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let size = 0;
    for (let read = -1; read !== 0 && size < buffer.length; size += read) read = readSync(descriptor, buffer, size, buffer.length - size, null);
    if (size > MAX_CONFIG_BYTES) throw new ConfigError([`${file}: larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, which no configuration needs; nothing was parsed`]);
    return buffer.subarray(0, size).toString('utf8');
  } finally {
    closeSync(descriptor);
  }
}
