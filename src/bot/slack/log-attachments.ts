import { type Logger, webApi } from '@slack/bolt';
import { z } from 'zod';
import type { CallOutcome } from '../../actions/outcomes.js';
import type { SlackErrorSink } from './error-sink.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';
import type { SlackThread } from './slack-origin.js';

// Beyond this a log floods the channel; it goes into the thread as a file instead.
const MAX_INLINE_LINES = 40;
const MAX_INLINE_CHARACTERS = 3000;
// Lines of a long log kept in the message, from each end: how it started and how it ended.
const EXCERPT_LINES = 3;

const podLogsSchema = z.object({
  pod: z.string(),
  container: z.string(),
  previous: z.boolean(),
  lines: z.array(z.string()),
  logs: z.object({ filename: z.string().min(1), text: z.string() }),
});

/** A log too long for a message: the text the tool answered with, what replaces it, and the file to attach. */
export interface LogAttachment {
  answered: string;
  summary: string;
  filename: string;
  content: string;
}

/** The attachment a tool result's `data.logs` calls for in Slack, or null when the log reads well inline. */
export function logAttachmentOf(outcome: CallOutcome): LogAttachment | null {
  // Only pod logs carry `data.logs`; the rest are not worth a schema's failure report, on every answer.
  if (outcome.status !== 'ok' || outcome.data === null || typeof outcome.data !== 'object' || !('logs' in outcome.data)) return null;
  const parsed = podLogsSchema.safeParse(outcome.data);
  if (!parsed.success) return null;
  const { pod, container, previous, lines, logs } = parsed.data;
  if (lines.length <= MAX_INLINE_LINES && logs.text.length <= MAX_INLINE_CHARACTERS) return null;
  const head = `${pod} (${container}${previous ? ', previous container' : ''}): ${lines.length} lines, attached as ${logs.filename}. First and last lines:`;
  const excerpt = [...lines.slice(0, EXCERPT_LINES), '…', ...lines.slice(-EXCERPT_LINES)].map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line));
  return { answered: outcome.text, summary: [head, ...excerpt].join('\n'), filename: logs.filename, content: logs.text };
}

/** Long logs found in one turn's tool results, gathered while the responder works. */
export class LogCollector {
  readonly logs: LogAttachment[] = [];

  /** Pass as Inbound.onOutcome. */
  readonly onOutcome = (outcome: CallOutcome): void => {
    const attachment = logAttachmentOf(outcome);
    if (attachment) this.logs.push(attachment);
  };

  /** The answer with each long log the tool wrote into it cut down to its summary. */
  shorten(text: string): string {
    return this.logs.reduce((shortened, log) => shortened.replace(log.answered, log.summary), text);
  }
}

/** Puts long logs into the answer's thread as text files, through the same upload flow as charts (filesUploadV2). */
export class LogUploads {
  private readonly uploader: SlackClient;

  constructor(
    private readonly client: SlackClient,
    private readonly errors: SlackErrorSink,
    logger: Logger,
  ) {
    // A short retry budget, as for charts: a log that arrives half an hour late is noise.
    this.uploader = new webApi.WebClient(client.token, { slackApiUrl: client.slackApiUrl, logger, retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 1500 }, timeout: 15_000 });
  }

  async attach(thread: SlackThread, logs: LogAttachment[]): Promise<void> {
    for (const log of logs) {
      try {
        await this.uploader.filesUploadV2({ channel_id: thread.channel, thread_ts: thread.threadTs, content: log.content, filename: log.filename, title: log.filename });
      } catch (error) {
        const reference = this.errors.log(error, `log upload (${log.filename})`);
        const code = slackErrorCode(error);
        const text = `The log ${log.filename} could not be attached${code ? ` (${code})` : ''}; ask for fewer lines to see it here (ref \`${reference}\`).`;
        await this.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text }).catch((failure: unknown) => this.errors.log(failure, 'log upload notice'));
      }
    }
  }
}
