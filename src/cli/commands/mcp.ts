import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../../config/schema.js';
import { OpsbotError } from '../../errors.js';
import { slackGroupDirectory } from './slack.js';
import type { Gateway } from '../../gateway/gateway.js';

/** Options of `opsbot mcp`, as commander parses them. */
interface McpCommandOptions {
  http?: boolean;
  port: number;
  host: string;
}

/** Registers `opsbot mcp` (MCP server over stdio or Streamable HTTP). */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('serve opsbot tools over MCP: stdio for an IDE assistant on this machine (identity from OPSBOT_USER or mcp.user), or Streamable HTTP with --http (bearer tokens from mcp.tokens)')
    .option('--http', 'serve Streamable HTTP at /mcp instead of stdio')
    .option('--port <number>', 'HTTP port (0 picks a free one)', parsePort, 8765)
    .option('--host <address>', 'HTTP bind address; anything but loopback also needs its name in mcp.allowedHosts', '127.0.0.1')
    .action(async (options: McpCommandOptions) => {
      await runMcp(options, process.env);
    });
}

// Everything heavy (the app, the MCP SDK) is imported here, so other commands do not pay for it at start-up.
async function runMcp(options: McpCommandOptions, env: NodeJS.ProcessEnv): Promise<void> {
  // Over HTTP, a service: JSON log lines like every long-lived mode. Over stdio, plain lines for the IDE's log view,
  // and no logger to load on the cold start an IDE waits for.
  const logger = options.http ? (await import('../../observability/logger.js')).rootLogger().child({ component: 'mcp-http' }) : undefined;
  const log = (line: string) => (logger ? logger.info(line) : void process.stderr.write(`opsbot mcp: ${line}\n`));
  if (!options.http) keepStdoutForProtocol();
  const { loadConfig } = await import('../../app/load-config.js');
  const loaded = loadConfig({ env });

  let identity: { user: string; source: string } | undefined;
  if (!options.http) {
    const { stdioIdentity } = await import('../../bot/mcp/stdio-identity.js');
    const found = stdioIdentity(env, loaded.config);
    // The CLI's error sink prints this on stderr and exits 2 (bad input): nothing reaches stdout.
    if (!found.ok) throw new OpsbotError('usage', `refusing to start the MCP server: ${found.reason}`);
    identity = found;
  }

  const { createOpsbot } = await import('../../app.js');
  // Same policy as everywhere: roles mapped to Slack user groups apply over MCP too.
  const groups = await slackGroupDirectory(env, loaded.config);
  const opsbot = await createOpsbot({ config: loaded.config, configSource: loaded.source, env, groups });
  const { startMcpWorkflows } = await import('../../bot/mcp/mcp-workflows.js');
  // Incidents declared over MCP get their room on a chat platform this process can post to (none listens here).
  const rooms = env.SLACK_BOT_TOKEN || opsbot.config.chat.teams || opsbot.config.chat.mattermost || opsbot.config.chat.discord ? await (await import('../../bot/outbound-rooms.js')).outboundRooms(opsbot, env, { info: log, warn: log, error: log }) : undefined;
  const workflows = startMcpWorkflows({ gateway: opsbot.gateway, kv: opsbot.kv, log, config: opsbot.config, ...(rooms ? { rooms } : {}) });
  try {
    const running = identity
      ? await startStdio(opsbot.gateway, identity, log)
      : await startHttp(opsbot.gateway, opsbot.config.mcp, options, log);
    log(`config: ${opsbot.configSource}`);
    if (options.http) {
      // Streamable HTTP is a long-lived service: ops endpoints, and a drain on SIGTERM (stdio ends with its IDE session).
      const { serve } = await import('./start.js');
      await serve(opsbot, 'mcp-http', async () => void (await running.close()), running.closed.then(() => undefined));
    } else {
      const stop = () => void running.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await running.closed;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    }
  } finally {
    await workflows.idle();
    workflows.stop();
    await opsbot.close();
  }
}

async function startStdio(gateway: Gateway, identity: { user: string; source: string }, log: (line: string) => void) {
  const { serveStdio } = await import('../../bot/mcp/stdio-server.js');
  const running = await serveStdio({ gateway, user: identity.user, log });
  log(`serving stdio as ${identity.user} (from ${identity.source})`);
  return running;
}

async function startHttp(gateway: Gateway, mcp: Config['mcp'], options: McpCommandOptions, log: (line: string) => void) {
  const { startHttpServer } = await import('../../bot/mcp/http-server.js');
  const running = await startHttpServer({ gateway, mcp, host: options.host, port: options.port, log });
  log(`serving Streamable HTTP at ${running.url} for ${mcp.tokens.length} token(s); allowed hosts ${mcp.allowedHosts.join(', ')}`);
  return running;
}

// Over stdio, stdout is the protocol stream: a stray console.log from any module would corrupt it.
function keepStdoutForProtocol(): void {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return port;
}
