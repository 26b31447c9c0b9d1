import type { Command } from 'commander';
import { OpsbotError } from '../../errors.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { requireIdentity } from './identity.js';
import { withOpsbot } from './open-opsbot.js';
import { print } from '../print.js';

/** Registers `opsbot policy explain --as USER --tool NAME [--args JSON]`. */
export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('inspect the access policy');
  policy
    .command('explain')
    .description('what policy decides for USER calling TOOL with ARGS (allow, deny, or confirm and who may approve), and the rule behind it')
    .option('--as <user>', 'the user id asking (default: OPSBOT_USER)')
    .requiredOption('--tool <name>', 'the tool, e.g. deploy')
    .option('--args <json>', 'the arguments as JSON, e.g. \'{"service":"frontend","version":"v2.4.0","environment":"production"}\'', '{}')
    .action(async (options: { as?: string; tool: string; args: string }) => {
      const actor = requireIdentity(options.as, process.env);
      const raw = parseJson(options.args);
      await withOpsbot(async (opsbot) => {
        // The gateway's own dry run: the same bounds, schema and policy a real call meets, so this never disagrees with it.
        const explained = await opsbot.gateway.explain(actor, options.tool, raw);
        if (explained.status === 'invalid') throw new OpsbotError('usage', explained.text);
        const { tool, args, grants, decision } = explained;
        const lines = [
          `${actor} → ${tool.name} ${canonicalJson(args)}`,
          `  roles:      ${grants.roles.join(', ') || 'none (deny by default)'}`,
          `  permission: ${decision.permission}`,
          `  decision:   ${decision.outcome === 'allow' ? 'allow (runs at once)' : decision.outcome === 'deny' ? 'deny' : 'confirm (proposed; runs only after a permitted person approves)'}`,
          `  because:    ${decision.reason}`,
          ...(decision.outcome === 'confirm' ? [`  approver:   ${decision.approval.summary}`, `  rule:       ${decision.approval.rule}${decision.approval.requesterMayApprove ? ' (the requester may approve)' : ' (the requester may not approve)'}`] : []),
          `  policy version ${explained.policyVersion}`,
        ];
        print(lines.join('\n'));
      });
    });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OpsbotError('usage', `--args is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`);
  }
}
