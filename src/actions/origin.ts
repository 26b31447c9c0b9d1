/** Where a request came from, so outcomes can be reported back to the same conversation. */
export interface Origin {
  frontEnd: 'shell' | 'cli' | 'slack' | 'mcp' | 'webhook' | 'test';
  /** How the call was chosen: a person's command, the offline router, or the model. */
  via?: 'command' | 'router' | 'model';
  /** Conversation key (a Slack thread, a shell session, an MCP session) for memory and follow-ups. */
  conversationId?: string;
  channel?: string;
  threadTs?: string;
  messageTs?: string;
  session?: string;
}
