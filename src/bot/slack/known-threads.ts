import type { KvRepository } from '../../store/kv-repository.js';
import { conversationIdOf, type SlackThread } from './slack-origin.js';

const NAMESPACE = 'slack-threads';

/**
 * Threads opsbot takes part in, so a reply there reaches it without a mention — and every other channel
 * message is left alone. Kept in kv so a restart does not make opsbot deaf to its own threads.
 */
export class KnownThreads {
  constructor(private readonly kv: KvRepository) {}

  async remember(thread: SlackThread): Promise<void> {
    await this.kv.put(NAMESPACE, conversationIdOf(thread), { since: new Date().toISOString() });
  }

  async has(thread: SlackThread): Promise<boolean> {
    return (await this.kv.get(NAMESPACE, conversationIdOf(thread))) !== undefined;
  }
}
