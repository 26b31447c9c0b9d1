import type { KvRepository } from '../../store/kv-repository.js';
import { type ChatThread, conversationIdOf } from './threads.js';

const NAMESPACE = 'slack-threads';

/**
 * Threads opsbot takes part in, so a reply there reaches it without a mention — and every other channel
 * message is left alone. Kept in kv so a restart does not make opsbot deaf to its own threads.
 */
export class KnownThreads {
  constructor(private readonly kv: KvRepository) {}

  async remember(thread: ChatThread): Promise<void> {
    await this.kv.put(NAMESPACE, conversationIdOf(thread), { since: new Date().toISOString() });
  }

  async has(thread: ChatThread): Promise<boolean> {
    return (await this.kv.get(NAMESPACE, conversationIdOf(thread))) !== undefined;
  }
}
