import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

/**
 * The baseline of the Slack benchmark: Bolt as its own documentation starts an app (HTTP receiver, signing
 * secret checked, events acked by Bolt), answering each mention with one message in its thread and nothing else.
 */
export async function startBareBolt(settings: { botToken: string; signingSecret: string; apiUrl?: string }) {
  const receiver = new HTTPReceiver({ signingSecret: settings.signingSecret, processBeforeResponse: false, logLevel: LogLevel.WARN });
  const app = new App({ receiver, token: settings.botToken, botId: 'B0BOT', botUserId: 'U0BOT', tokenVerificationEnabled: false, logLevel: LogLevel.WARN, clientOptions: { slackApiUrl: settings.apiUrl } });
  app.event('app_mention', async ({ event, say }) => {
    await say({ text: 'frontend (production) NORMAL', thread_ts: event.ts });
  });
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  return {
    port: (server.address() as AddressInfo).port,
    // The load generator reports only once it has seen every answer, so nothing is left running by then.
    idle: async () => undefined,
    stop: () => app.stop().then(() => undefined),
  };
}
