import type { Vocabulary } from './vocabulary.js';

/** Where a message was written, which can supply what it leaves out (the service of a service's or an incident's channel). */
export interface ParseOptions {
  channel?: string;
  /**
   * The service the channel is about as a front end found it for this message (an incident's channel, whose
   * incident names a service). A channel listed in `services[].channels` needs nothing here.
   */
  channelService?: string;
}

/**
 * Finds, per message, the service a channel is about beyond `services[].channels` (an incident's channel). A front
 * end injects it: the router reads no store and knows nothing of Slack.
 */
export type ChannelServiceLookup = (channel: string) => Promise<string | undefined>;

/** The service a message's channel defaults to: a configured service channel first, then what the front end found. */
export function channelServiceOf(vocabulary: Vocabulary, options: ParseOptions): string | undefined {
  return vocabulary.serviceOfChannel(options.channel) ?? options.channelService;
}

/** The options to parse a message with, the channel's service looked up now (it may have changed since the last message). */
export async function withChannelLookup(options: ParseOptions, lookup: ChannelServiceLookup | undefined): Promise<ParseOptions> {
  if (!lookup || !options.channel || options.channelService) return options;
  const channelService = await lookup(options.channel);
  return channelService ? { ...options, channelService } : options;
}
