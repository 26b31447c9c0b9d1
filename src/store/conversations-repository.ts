import { OpsbotError } from '../errors.js';
import type { Store } from './open-store.js';

/** One conversation's stored messages and the version that guards concurrent writers. */
export interface StoredConversation<Message> {
  id: string;
  messages: Message[];
  version: number;
  updatedAt: string;
}

// Optimistic writers rarely collide (one thread, a few outcome notes); this many attempts means something is wrong.
const MAX_ATTEMPTS = 8;

/**
 * Conversation memory per thread (DESIGN §4). Writes are optimistic: each names the version it read, so two
 * replicas (or an agent turn racing an outcome note) never overwrite each other; the loser re-reads and retries.
 */
export class ConversationsRepository {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get<Message>(id: string): Promise<StoredConversation<Message> | undefined> {
    const row = await this.store.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, messages: JSON.parse(row.messages_json) as Message[], version: Number(row.version), updatedAt: row.updated_at };
  }

  /**
   * Read-modify-write of one conversation. `change` receives the stored messages ([] when there are none yet)
   * and may run more than once if another writer wins a race, so it must be pure. Returning `undefined`
   * leaves the conversation as it is. With `onlyIfExists`, a conversation that was never stored is not created.
   */
  async update<Message>(
    id: string,
    change: (messages: Message[]) => Message[] | undefined,
    options: { onlyIfExists?: boolean } = {},
  ): Promise<Message[] | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.get<Message>(id);
      if (!current && options.onlyIfExists) return undefined;
      const next = change(current ? current.messages : []);
      if (next === undefined) return current?.messages;
      const messages_json = JSON.stringify(next);
      const updated_at = this.now().toISOString();
      if (current) {
        const result = await this.store.db
          .updateTable('conversations')
          .set({ messages_json, version: current.version + 1, updated_at })
          .where('id', '=', id)
          .where('version', '=', current.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) return next;
      } else {
        const result = await this.store.db
          .insertInto('conversations')
          .values({ id, messages_json, version: 1, updated_at })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return next;
      }
    }
    throw new OpsbotError('conversation_contended', `conversation ${id} kept changing under ${MAX_ATTEMPTS} attempts to update it`);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.store.db.deleteFrom('conversations').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
