import type { Usage } from '@anthropic-ai/sdk/resources/messages';
import type { KvRepository } from '../../store/kv-repository.js';

const NAMESPACE = 'agent-token-budget';

/** Tokens one user spent on one UTC day. */
interface DailySpend {
  tokens: number;
}

/**
 * Tokens a response counts against the budget. Input and output tokens count in full, as does writing the cache;
 * cache reads count a tenth, as they are priced, so prompt caching is not punished by the budget.
 */
export function tokensOf(usage: Pick<Usage, 'input_tokens' | 'output_tokens'> & Partial<Pick<Usage, 'cache_creation_input_tokens' | 'cache_read_input_tokens'>>): number {
  return usage.input_tokens + usage.output_tokens + (usage.cache_creation_input_tokens ?? 0) + Math.ceil((usage.cache_read_input_tokens ?? 0) / 10);
}

/**
 * A per-user daily token allowance kept in the store, so it holds across restarts and replicas. A message
 * may overrun the allowance by its own last round (usage is known only afterwards); the next one is refused.
 */
export class TokenBudget {
  constructor(
    private readonly kv: KvRepository,
    readonly dailyLimit: number,
    private readonly now: () => Date,
  ) {}

  async spent(user: string): Promise<number> {
    return (await this.kv.get<DailySpend>(NAMESPACE, this.key(user)))?.tokens ?? 0;
  }

  async remaining(user: string): Promise<number> {
    return Math.max(0, this.dailyLimit - (await this.spent(user)));
  }

  /** Adds a response's usage; returns the day's total. A transactional update, so concurrent messages both count. */
  async charge(user: string, tokens: number): Promise<number> {
    const day = await this.kv.update<DailySpend>(NAMESPACE, this.key(user), () => ({ tokens: 0 }), (spend) => ({ tokens: spend.tokens + tokens }));
    return day.tokens;
  }

  /** When the allowance renews: the next UTC midnight. */
  resetsAt(): string {
    const now = this.now();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
  }

  private key(user: string): string {
    return `${user}:${this.now().toISOString().slice(0, 10)}`;
  }
}
