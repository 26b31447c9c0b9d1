/** The line that tells a person the language model did not answer, and why (kept apart so the router path never loads the SDK). */
export function unavailableNotice(reason: string): string {
  return `(The language model is unavailable: ${reason}. The offline command router answered instead.)`;
}

// Conversations remembered at most; the oldest is forgotten first, so a long-lived process stays small.
const REMEMBERED = 10_000;

/**
 * Says the notice once per conversation (a shell session, a Slack thread), not on every reply: after the first,
 * people know, and the line only hides the answer. A conversation where the model answered again hears it
 * afresh at the next outage. Kept per process: a second replica may say it once more, which is harmless.
 */
export class OfflineNotices {
  private readonly told = new Map<string, string>();

  /** The notice line for this reply ("" when this conversation was already told the same), with a newline. */
  lineFor(conversationId: string | undefined, reason: string): string {
    if (!conversationId) return `${unavailableNotice(reason)}\n`;
    if (this.told.get(conversationId) === reason) return '';
    this.told.delete(conversationId);
    this.told.set(conversationId, reason);
    if (this.told.size > REMEMBERED) this.told.delete(this.told.keys().next().value!);
    return `${unavailableNotice(reason)}\n`;
  }

  /** The model answered in this conversation: a later outage is news again. */
  recovered(conversationId: string | undefined): void {
    if (conversationId) this.told.delete(conversationId);
  }
}
