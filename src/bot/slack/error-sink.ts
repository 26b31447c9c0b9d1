import { randomBytes } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import { redactText } from '../../util/redact.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';
import type { SlackThread } from './slack-origin.js';

/**
 * The Slack front end's one error sink (STYLE 5): a failure is logged once, redacted, under a short reference,
 * and the person gets a short apology carrying that reference — never a stack trace, never a crash.
 */
export class SlackErrorSink {
  constructor(
    private readonly logger: Logger,
    private readonly client: SlackClient,
  ) {}

  /** Logs a failure and returns the reference to quote to the person. */
  log(error: unknown, where: string): string {
    const reference = randomBytes(3).toString('hex');
    const code = error && typeof error === 'object' && 'code' in error ? ` [${String(error.code)}${slackErrorCode(error) ? `: ${slackErrorCode(error)}` : ''}]` : '';
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.logger.error(`${where} failed (ref ${reference})${code}: ${redactText(detail)}`);
    return reference;
  }

  /** Logs and says sorry in the thread; a failure to say sorry is only logged. */
  async apologize(thread: SlackThread, error: unknown, where: string): Promise<void> {
    const reference = this.log(error, where);
    try {
      await this.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text: apology(reference) });
    } catch (failure) {
      this.log(failure, 'apology');
    }
  }

  /** Logs and tells only `user` (for clicks and slash commands, where a thread message would be noise). */
  async apologizePrivately(channel: string, user: string, error: unknown, where: string): Promise<void> {
    const reference = this.log(error, where);
    try {
      await this.client.chat.postEphemeral({ channel, user, text: apology(reference) });
    } catch (failure) {
      this.log(failure, 'apology');
    }
  }
}

/** The words of an apology. */
export function apology(reference: string): string {
  return `Sorry, something went wrong on my side and I could not finish that (ref \`${reference}\`). It has been logged; please try again in a moment.`;
}
