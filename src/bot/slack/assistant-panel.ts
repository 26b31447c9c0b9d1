import { Assistant, type App } from '@slack/bolt';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { BackgroundWork } from './background-work.js';
import type { Conversations } from './conversations.js';
import type { SlackErrorSink } from './error-sink.js';
import { truncate } from './mrkdwn.js';
import { slackErrorCode } from './slack-client.js';
import { suggestedPrompts } from './suggested-prompts.js';

// The workspace or app has no assistant surfaces: stop trying titles for this process (prompts are only asked for when Slack offers a panel).
const PANEL_UNAVAILABLE = new Set(['missing_scope', 'unknown_method', 'not_allowed_token_type', 'feature_not_enabled', 'not_allowed']);
/** Threads already titled by this process; a restart at worst titles a thread again with a later question. */
const REMEMBERED_TITLES = 5_000;

/** What the panel needs. */
export interface AssistantPanelDependencies {
  conversations: Conversations;
  work: BackgroundWork;
  errors: SlackErrorSink;
  gateway: Gateway;
  config: Config;
}

/**
 * Slack's assistant side panel (Bolt `Assistant`): a new thread gets suggested prompts built from what its user may
 * do; a question titles its thread and is answered like any direct message. A workspace without the assistant
 * feature never starts such threads, and its direct messages (threads included) are answered as before.
 */
export function registerAssistantPanel(app: App, deps: AssistantPanelDependencies): void {
  const titled = new Set<string>();
  let titles = true;
  app.assistant(
    new Assistant({
      threadStarted: async ({ event, setSuggestedPrompts }) => {
        const actor = event.assistant_thread.user_id;
        deps.work.queue(`assistant thread ${event.assistant_thread.channel_id}`, async () => {
          const prompts = await suggestedPrompts(actor, deps.gateway, deps.config);
          if (prompts.length) await setSuggestedPrompts({ title: 'Try asking:', prompts }).catch((error: unknown) => deps.errors.log(error, 'suggested prompts'));
        });
      },
      // The context (which channel the panel was opened beside) is not used, so nothing is stored.
      threadContextChanged: async () => undefined,
      userMessage: async ({ message, setTitle }) => {
        if (!('user' in message) || typeof message.user !== 'string' || ('bot_id' in message && message.bot_id)) return;
        const text = 'text' in message && typeof message.text === 'string' ? message.text : '';
        const threadTs = 'thread_ts' in message && typeof message.thread_ts === 'string' ? message.thread_ts : undefined;
        const key = `${message.channel}/${threadTs ?? message.ts}`;
        if (titles && text && !titled.has(key)) {
          if (titled.size >= REMEMBERED_TITLES) titled.clear();
          titled.add(key);
          // The first question names the thread in the panel's history.
          await setTitle(truncate(text.replace(/\s+/g, ' ').trim(), 60)).catch((error: unknown) => {
            if (PANEL_UNAVAILABLE.has(slackErrorCode(error) ?? '')) titles = false;
            else deps.errors.log(error, 'assistant thread title');
          });
        }
        const route = { kind: 'direct' as const, actor: message.user, text, channel: message.channel, ts: message.ts, threadTs };
        deps.work.queue(`direct ${message.channel}/${message.ts}`, () => deps.conversations.handleMessage(route));
      },
    }),
  );
}
