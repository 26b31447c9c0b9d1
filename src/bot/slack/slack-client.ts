import type { webApi } from '@slack/bolt';

/** The Slack Web API client every Slack module talks through (Bolt's `app.client`, bound to the bot token). */
export type SlackClient = webApi.WebClient;

/** The Slack error code (`not_in_channel`, `name_taken`…) of a failed Web API call, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'data' in error) {
    const data = (error as { data?: { error?: unknown } }).data;
    if (data && typeof data.error === 'string') return data.error;
  }
  return undefined;
}
