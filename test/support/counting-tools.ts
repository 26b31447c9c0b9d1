import { z } from 'zod';
import { defineTool } from '../../src/tools/define-tool.js';

/** A mutating tool that counts its executions, so tests can prove "exactly once" (a real tool, not a stub: it runs through the gateway). */
export function countingDeployTool(options: { delayMs?: number; fail?: boolean; hang?: boolean } = {}) {
  const runs: Array<Record<string, unknown>> = [];
  const tool = defineTool({
    name: 'deploy',
    group: 'deploys',
    title: 'Deploy',
    description: 'Deploy (counting)',
    input: z.object({ service: z.enum(['frontend', 'api']), environment: z.enum(['staging', 'production']), version: z.string() }),
    effect: 'mutate',
    permission: { verb: 'deploy', scopes: 'environments', scopeOf: (args) => args.environment },
    describe: (args) => `deploy ${args.service} ${args.version} to ${args.environment}`,
    async run(args) {
      runs.push(args);
      // `hang` simulates a process that dies mid-run: the run never finishes.
      if (options.hang) await new Promise(() => undefined);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.fail) throw new Error('backend exploded with token xoxb-123456789-secret');
      return { text: `deployed ${args.service} ${args.version}`, data: { runs: runs.length } };
    },
  });
  return { tool, runs };
}

/** A read tool echoing its arguments. */
export const echoStatusTool = defineTool({
  name: 'service_status',
  group: 'status',
  title: 'Status',
  description: 'Status (echo)',
  input: z.object({ service: z.string() }),
  effect: 'read',
  permission: { verb: 'read', scopes: ['status'], scopeOf: () => 'status' },
  describe: (args) => `status of ${args.service}`,
  async run(args) {
    return { text: `${args.service} NORMAL`, data: { service: args.service } };
  },
});
