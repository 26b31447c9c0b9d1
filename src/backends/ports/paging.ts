import type { Person } from './oncall.js';

// Paging port: sending a page to people and answering one (PagerDuty, or the demo pager).
// A port throws ToolFailure for "the backend said no" (readable), anything else for faults (DESIGN §8).

/** One page sent (or attempted). */
export interface PageRecord {
  id: string;
  target: string;
  recipients: Person[];
  message: string;
  requestedBy: string;
  at: string;
  status: 'sent' | 'failed';
  /** The provider's own state of the page (PagerDuty's incident status), where it keeps one; the demo keeps none. */
  providerState?: 'triggered' | 'acknowledged' | 'resolved';
}

/** Sends pages and, where the provider has the notion, acknowledges or resolves them. */
export interface PagingPort {
  /**
   * Sends a page to these people; throws when the paging provider cannot be reached. `key` (derived from the
   * approved action) makes a retried request find the page it already sent instead of sending a second.
   */
  page(request: { target: string; recipients: Person[]; message: string; requestedBy: string; key?: string }): Promise<PageRecord>;
  history(limit: number): Promise<PageRecord[]>;
  /** Acknowledges or resolves a page (a provider incident) as `by`; absent when the provider has no such notion. */
  respond?(request: { id: string; action: 'acknowledge' | 'resolve'; by: string }): Promise<{ id: string; status: string; title: string }>;
  /** Why `by` cannot respond as themselves (no identity in the provider), or null; checked before anyone confirms. */
  responderProblem?(by: string): string | null;
}
