import { existsSync, readFileSync } from 'node:fs';
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
  if (!explicit && !existsSync(candidate)) return { config: registerLiteralTokens(validateConfig(demoConfig)), source: 'built-in demo' };
  return { config: registerLiteralTokens(readConfigFile(candidate)), source: candidate };
}

export function readConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
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

/**
 * Literal tokens are registered as secrets at once. `env:NAME` tokens stay unresolved here: only the HTTP MCP
 * server uses them (resolveMcpTokens), and an IDE starting `opsbot mcp` over stdio passes few variables.
 */
function registerLiteralTokens(config: Config): Config {
  for (const entry of config.mcp.tokens) if (!entry.token.startsWith('env:')) registerSecret(entry.token);
  return config;
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
