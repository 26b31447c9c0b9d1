/** Where a request came from, so outcomes can be reported back to the same conversation. */
export interface Origin {
  frontEnd: 'shell' | 'cli' | 'slack' | 'teams' | 'mattermost' | 'discord' | 'mcp' | 'webhook' | 'scheduler' | 'test';
  /** How the call was chosen: a person's command, the offline router, or the model. */
  via?: 'command' | 'router' | 'model';
  /** Conversation key (a Slack thread, a shell session, an MCP session) for memory and follow-ups. */
  conversationId?: string;
  channel?: string;
  threadTs?: string;
  messageTs?: string;
  session?: string;
  /** Asked in a direct message, which approvers other than the requester cannot read (cards go to the approvals channel). */
  direct?: boolean;
}

/**
 * The conversation a status watch belongs to (anyone there may stop it): a Slack thread when asked inside one,
 * else the channel (a top-level mention or a slash command); a shell session; or, lacking any, the person.
 */
export function watchConversationOf(origin: unknown, owner: string): string {
  const from = (origin ?? {}) as Partial<Origin>;
  if (from.frontEnd === 'slack' && from.channel) {
    const inThread = Boolean(from.threadTs && from.messageTs && from.threadTs !== from.messageTs);
    return inThread ? `slack:${from.channel}:${from.threadTs}` : `slack:${from.channel}`;
  }
  return from.conversationId ?? `person:${owner}`;
}
