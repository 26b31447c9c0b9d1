import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.js';
import { registerSecret } from '../util/redact.js';
import { demoConfig } from './demo-config.js';
import type { Config } from './schema.js';
import { validateConfig } from './validate-config.js';

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
  if (!explicit && !existsSync(candidate)) return { config: resolveSecrets(validateConfig(demoConfig), env), source: 'built-in demo' };
  return { config: resolveSecrets(readConfigFile(candidate), env), source: candidate };
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

/** `env:NAME` values (MCP tokens) are read from the environment so the file itself holds no secret. */
function resolveSecrets(config: Config, env: NodeJS.ProcessEnv): Config {
  const tokens = config.mcp.tokens.map((entry, index) => {
    if (!entry.token.startsWith('env:')) return entry;
    const name = entry.token.slice(4);
    const value = env[name];
    if (!value) throw new ConfigError([`mcp.tokens[${index}].token: environment variable ${name} is not set`]);
    if (value.length < 24) throw new ConfigError([`mcp.tokens[${index}].token: ${name} must hold at least 24 characters`]);
    return { ...entry, token: value };
  });
  for (const entry of tokens) registerSecret(entry.token);
  return { ...config, mcp: { ...config.mcp, tokens } };
}
