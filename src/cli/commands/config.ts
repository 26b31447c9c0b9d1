import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { demoConfig } from '../../config/demo-config.js';
import { readConfigFile } from '../../app/load-config.js';
import type { Config } from '../../config/schema.js';
import { configWarnings, validateConfig } from '../../app/validate-config.js';

/** Registers `opsbot config check [FILE]`. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('configuration files');
  config
    .command('check')
    .description('validate a config file (default: OPSBOT_CONFIG, else ./opsbot.yaml); prints each problem with its exact path')
    .argument('[file]', 'the YAML file to check')
    .action((file: string | undefined) => {
      const chosen = file ?? process.env.OPSBOT_CONFIG ?? (existsSync('opsbot.yaml') ? 'opsbot.yaml' : undefined);
      if (!chosen) {
        console.log('No config file (OPSBOT_CONFIG is not set and ./opsbot.yaml does not exist), so opsbot runs the built-in demo:');
        console.log(summary(validateConfig(demoConfig)));
        return;
      }
      // A ConfigError goes to the error sink, which prints one problem per line.
      const checked = readConfigFile(resolve(chosen));
      console.log(`${chosen}: valid.`);
      console.log(summary(checked));
      for (const warning of [...configWarnings(checked), ...unsetTokenVariables(checked)]) console.log(`warning: ${warning}`);
    });
}

function summary(config: Config): string {
  const users = Object.keys(config.policies.users).length;
  const groups = Object.keys(config.policies.groups).length;
  const rules = config.policies.approvals.map((rule) => `${rule.name} (${rule.when.join(', ')} → ${rule.approvers.join(' or ') || 'anyone holding the permission'}${rule.requesterMayApprove ? '' : ', not the requester'})`);
  return [
    `  environments: ${config.environments.join(', ')}`,
    `  services: ${config.services.map((service) => `${service.name} (team ${service.team})`).join(', ')}`,
    `  teams: ${config.teams.map((team) => team.name).join(', ')}`,
    `  roles: ${Object.keys(config.policies.roles).join(', ')}; ${users} user(s), ${groups} group(s) mapped`,
    `  approval rules: ${rules.join('; ') || 'none'}; otherwise the requester ${config.policies.defaultRequesterMayApprove ? 'may' : 'may not'} confirm their own action`,
    `  actions expire after ${config.actions.expiryMinutes} min; MCP tokens: ${config.mcp.tokens.length}`,
  ].join('\n');
}

/** `env:NAME` tokens whose variable is unset would stop the HTTP MCP server; named here, values never shown. */
function unsetTokenVariables(config: Config): string[] {
  return config.mcp.tokens.flatMap((entry, index) => {
    const name = entry.token.startsWith('env:') ? entry.token.slice(4) : undefined;
    return name && !process.env[name] ? [`mcp.tokens[${index}].token: environment variable ${name} is not set here`] : [];
  });
}
