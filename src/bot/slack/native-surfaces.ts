import type { App } from '@slack/bolt';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { AnswerFeedback, feedbackBlocks, registerAnswerFeedback } from './answer-feedback.js';
import { registerAssistantPanel } from './assistant-panel.js';
import type { BackgroundWork } from './background-work.js';
import type { Conversations, IncomingMessage } from './conversations.js';
import type { BotIdentity } from './create-slack-app.js';
import type { SlackErrorSink } from './error-sink.js';
import { startAnswerStream, StreamSupport } from './native-stream.js';
import { slackOrigin, type SlackThread } from './slack-origin.js';
import type { ProgressContext, ProgressIndicator } from './streaming/progress-indicator.js';

/** The scope of Slack's AI app features (assistant threads, their status, prompts and titles). */
export const ASSISTANT_SCOPE = 'assistant:write';

/** What the native surfaces are built from. */
export interface NativeSurfaceDependencies {
  app: App;
  identity: BotIdentity;
  progress: ProgressContext;
  kv: KvRepository;
  gateway: Gateway;
  config: Config;
  errors: SlackErrorSink;
  work: BackgroundWork;
}

/** How conversations start an answer's indicator, and the listeners that go with it. */
export interface NativeSurfaces {
  /** Undefined when the workspace lacks the AI features: conversations then show progress as before. */
  startProgress?: (thread: SlackThread, message: IncomingMessage) => Promise<ProgressIndicator>;
  register(conversations: Conversations): void;
}

/**
 * Slack's AI app surfaces where the token has `assistant:write` (Slack names the scopes in every answer, so
 * auth.test tells): the assistant panel, answers streamed natively with a task per step, and feedback buttons
 * recorded for evals. Without the scope nothing changes: no extra calls, no listeners.
 */
export function nativeSurfaces(deps: NativeSurfaceDependencies): NativeSurfaces {
  if (!deps.identity.scopes?.includes(ASSISTANT_SCOPE)) return { register: () => undefined };
  const feedback = new AnswerFeedback(deps.kv);
  const streams = new StreamSupport();
  return {
    startProgress: (thread, message) => {
      const question = { actor: message.actor, question: message.text, conversationId: slackOrigin(thread).conversationId ?? `${thread.channel}/${thread.threadTs}` };
      const onAnswered = (answer: { channel: string; ts: string }) => void feedback.remember(answer, question).catch((error: unknown) => deps.errors.log(error, 'answer record'));
      return startAnswerStream({ ...deps.progress, streams, teamId: deps.identity.teamId, answerBlocks: feedbackBlocks, onAnswered }, thread, message.actor);
    },
    register: (conversations) => {
      registerAssistantPanel(deps.app, { conversations, work: deps.work, errors: deps.errors, gateway: deps.gateway, config: deps.config });
      registerAnswerFeedback(deps.app, feedback, deps.errors, deps.work);
    },
  };
}
