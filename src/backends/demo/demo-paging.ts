import { ToolFailure } from '../../errors.js';
import type { Person } from '../ports/oncall.js';
import type { PageRecord, PagingPort } from '../ports/paging.js';
import type { DemoContext } from './demo-context.js';
import { isDown } from './simulated-outage.js';

const NAMESPACE = 'demo-paging';
const KEY = 'pages';
// Older pages beyond this are dropped; the audit log keeps the lasting record.
const KEPT_PAGES = 500;

interface PageBook {
  nextNumber: number;
  pages: PageRecord[];
}

/** Simulated paging provider: records each page in the store; a simulated outage fails the page (recorded as failed). */
export class DemoPaging implements PagingPort {
  constructor(private readonly context: DemoContext) {}

  async page(request: { target: string; recipients: Person[]; message: string; requestedBy: string }): Promise<PageRecord> {
    if (request.recipients.length === 0) throw new ToolFailure(`Nobody to page for ${request.target}.`);
    if (!request.message.trim()) throw new ToolFailure('A page needs a message.');
    const unique = [...new Map(request.recipients.map((person) => [person.id, person])).values()];
    const down = isDown(this.context.config, 'paging');
    const record = await this.record({ ...request, recipients: unique, status: down ? 'failed' : 'sent' });
    // Recorded first, then thrown: the history shows the attempt, and the caller sees an unreachable provider.
    if (down) throw new Error(`paging provider unreachable (simulated outage: demo.outages includes 'paging'); page ${record.id} was not sent`);
    return record;
  }

  async history(limit: number): Promise<PageRecord[]> {
    const book = await this.context.kv.get<PageBook>(NAMESPACE, KEY);
    return (book?.pages ?? []).slice().reverse().slice(0, Math.max(0, limit));
  }

  private async record(page: Omit<PageRecord, 'id' | 'at'>): Promise<PageRecord> {
    const at = this.context.now().toISOString();
    let stored: PageRecord | undefined;
    await this.context.kv.update<PageBook>(NAMESPACE, KEY, () => ({ nextNumber: 1, pages: [] }), (book) => {
      stored = { id: `page-${book.nextNumber}`, target: page.target, recipients: page.recipients, message: page.message, requestedBy: page.requestedBy, at, status: page.status };
      return { nextNumber: book.nextNumber + 1, pages: [...book.pages, stored].slice(-KEPT_PAGES) };
    });
    return stored!;
  }
}
