import type { App } from '@slack/bolt';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import { pictureOf } from '../../charts/chart-image.js';
import type { BackgroundWork } from './background-work.js';
import type { ChartUploads } from './chart-uploads.js';
import type { SlackErrorSink } from './error-sink.js';
import type { SlackClient } from './slack-client.js';
import { slackOrigin } from './slack-origin.js';

// A message full of links should not start a render per link: the first few get a preview.
const MAX_UNFURLS = 3;

/** The `link_shared` event as the Events API delivers it (https://docs.slack.dev/reference/events/link_shared). */
export interface LinkShared {
  channel: string;
  user: string;
  message_ts: string;
  thread_ts?: string;
  unfurl_id?: string;
  source?: string;
  links: Array<{ domain: string; url: string }>;
}

/** The configured Grafana's host (`grafana.example.com:3000`), whose links opsbot previews; null without Grafana. */
export function grafanaHost(config: Config): string | null {
  const dashboards = config.backends.dashboards;
  return dashboards.adapter === 'grafana' ? new URL(dashboards.url).host : null;
}

/**
 * Previews of Grafana links posted where opsbot is: each dashboard or panel link on the configured Grafana host is
 * asked of the gateway as `dashboard <link>` by the person who posted it, and the picture (Grafana's render, or
 * opsbot's own chart of the panel's PromQL) goes back through chat.unfurl as an image block of a file uploaded for
 * it. A link elsewhere, a person who may not read metrics, or a dashboard that is not there gets no preview.
 */
export class LinkUnfurls {
  private readonly host: string | null;

  constructor(private readonly deps: { client: SlackClient; gateway: Gateway; config: Config; charts: ChartUploads; errors: SlackErrorSink }) {
    this.host = grafanaHost(deps.config);
  }

  async handle(event: LinkShared): Promise<void> {
    const links = event.links.filter((link) => this.host !== null && hostOf(link.url) === this.host).slice(0, MAX_UNFURLS);
    if (links.length === 0) return;
    const origin = slackOrigin({ channel: event.channel, threadTs: event.thread_ts ?? event.message_ts }, { messageTs: event.message_ts });
    const unfurls: Record<string, { blocks: unknown[] }> = {};
    for (const link of links) {
      const outcome = await this.deps.gateway.call({ tool: 'dashboard', args: { name: link.url }, actor: event.user, origin });
      const picture = outcome.status === 'ok' ? pictureOf(outcome.data) : null;
      if (!picture) continue;
      const rendered = picture.draw();
      const file = await this.deps.charts.uploadUnshared(rendered, picture.title);
      unfurls[link.url] = {
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${escape(picture.title)}*\n${escape(outcome.text.split('\n')[0] ?? '')}` } },
          { type: 'image', slack_file: { id: file }, alt_text: rendered.altText.slice(0, 2000), title: { type: 'plain_text', text: picture.title.slice(0, 2000) } },
        ],
      };
    }
    if (Object.keys(unfurls).length === 0) return;
    // A link typed in the message composer is previewed by unfurl_id and source; one in a sent message by channel and ts.
    const target = event.unfurl_id && event.source ? { unfurl_id: event.unfurl_id, source: event.source } : { channel: event.channel, ts: event.message_ts };
    await this.deps.client.chat.unfurl({ ...target, unfurls } as Parameters<SlackClient['chat']['unfurl']>[0]);
  }
}

/** Listens to link_shared; the preview is background work, after Bolt has acknowledged the event. */
export function registerUnfurlListener(app: App, unfurls: LinkUnfurls, work: BackgroundWork, errors: SlackErrorSink): void {
  app.event('link_shared', async ({ event }) => {
    const shared = event as unknown as LinkShared;
    if (!shared.user || !Array.isArray(shared.links)) return;
    work.track(
      `unfurl ${shared.channel}/${shared.message_ts}`,
      unfurls.handle(shared).catch((error: unknown) => {
        errors.log(error, 'link unfurl');
      }),
    );
  });
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
