import { type Logger, webApi } from '@slack/bolt';
import type { PictureSource } from '../../charts/chart-image.js';
import type { RenderedChart } from '../../charts/render-chart.js';
import type { SlackErrorSink } from './error-sink.js';
import { slackErrorCode, type SlackClient } from './slack-client.js';
import type { SlackThread } from './slack-origin.js';

// Slack caps a file's alt text at 1,000 characters.
const ALT_TEXT_LIMIT = 1000;

export { ChartCollector } from '../conversation/chart-collector.js';

/**
 * Puts charts into the answer's thread through Slack's current upload flow (files.getUploadURLExternal, the upload,
 * files.completeUploadExternal with thread_ts: Bolt's filesUploadV2). The text answer is already posted, so a
 * failed render or upload only adds a line saying the chart could not be attached.
 */
export class ChartUploads {
  private readonly uploader: SlackClient;

  constructor(
    private readonly client: SlackClient,
    private readonly errors: SlackErrorSink,
    logger: Logger,
  ) {
    // Its own client with a short retry budget: Bolt's default retries for half an hour, and a chart that late is noise.
    this.uploader = new webApi.WebClient(client.token, { slackApiUrl: client.slackApiUrl, logger, retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 1500 }, timeout: 15_000 });
  }

  async attach(thread: SlackThread, charts: PictureSource[]): Promise<void> {
    for (const chart of charts) {
      try {
        const rendered = chart.draw();
        await this.uploader.filesUploadV2({
          channel_id: thread.channel,
          thread_ts: thread.threadTs,
          file: rendered.png,
          filename: rendered.filename,
          title: chart.title,
          alt_text: rendered.altText.slice(0, ALT_TEXT_LIMIT),
          ...(chart.url ? { initial_comment: `Full dashboard: ${chart.url}` } : {}),
        });
      } catch (error) {
        const reference = this.errors.log(error, `chart upload (${chart.title})`);
        const code = slackErrorCode(error);
        const text = `The chart "${chart.title}" could not be attached${code ? ` (${code})` : ''}; the figures above stand (ref \`${reference}\`).`;
        await this.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.threadTs, text }).catch((failure: unknown) => this.errors.log(failure, 'chart upload notice'));
      }
    }
  }

  /**
   * Uploads a picture shared to no channel (files.completeUploadExternal without channel_id) and returns its file
   * id, for a block that shows it by `slack_file` (a link preview); it is seen only where that block is posted.
   */
  async uploadUnshared(rendered: RenderedChart, title: string): Promise<string> {
    const result = (await this.uploader.filesUploadV2({ file: rendered.png, filename: rendered.filename, title, alt_text: rendered.altText.slice(0, ALT_TEXT_LIMIT) })) as { files?: Array<{ files?: Array<{ id?: string }> }> };
    const id = result.files?.[0]?.files?.[0]?.id;
    if (!id) throw new Error('files.completeUploadExternal named no file');
    return id;
  }
}
