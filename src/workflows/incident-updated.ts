import { randomUUID } from 'node:crypto';
import type { ActionState } from '../actions/action-state.js';
import type { PendingAction } from '../actions/pending-action.js';
import type { Incident } from '../backends/ports/incidents.js';
import type { Config } from '../config/schema.js';
import type { Gateway } from '../gateway/gateway.js';
import type { KvRepository } from '../store/kv-repository.js';
import { claimOnce } from '../store/replica-claim.js';
import { declaredIncident } from '../tools/incidents.js';
import { type StatusChange, statusUpdateMessage } from './incident-messages.js';
import type { Poster } from './posting.js';

const TOOL = 'incident_update';
const CLAIMS = 'workflow-incident-updated-claims';
const POSTED = 'workflow-incident-updated';
const CLAIM_LAPSE_MS = 2 * 60_000;
const RECENT_MS = 15 * 60_000;

/** Where status updates are written to be sent (the outbox), worded by the layer that knows the chat's rich text. */
export interface IncidentAnnouncements {
  enqueue(conversation: string, incident: Incident, change: StatusChange, by: string): Promise<void>;
}

/** What the status-update workflow is built from. */
export interface IncidentUpdatedOptions {
  gateway: Gateway;
  kv: KvRepository;
  config: Pick<Config, 'incidents'>;
  poster: Poster;
  /** When given, updates go through it (the outbox: retried, never lost) instead of being posted at once. */
  announcements?: IncidentAnnouncements;
  track: (label: string, work: Promise<unknown>) => void;
  onError?: (error: unknown) => void;
  now?: () => Date;
}

/**
 * When an `incident update` succeeds (any front end), its status update goes to the incident's room and to
 * `incidents.announceChannel`, once per update across replicas. PagerDuty gets it as a note from the incidents
 * port itself (backends/pagerduty), so it is there even where no front end posts.
 */
export class IncidentUpdatedWorkflow {
  private readonly instance = randomUUID();
  private readonly now: () => Date;

  constructor(private readonly options: IncidentUpdatedOptions) {
    this.now = options.now ?? (() => new Date());
  }

  readonly onActionChange = (action: PendingAction, state: ActionState): void => {
    if (state !== 'succeeded' || action.tool !== TOOL) return;
    this.options.track(`status update ${action.id}`, this.announce(action).catch((error: unknown) => this.options.onError?.(error)));
  };

  /** Announces recent updates this process did not see succeed (confirmed from the CLI, or another replica that stopped). */
  async sweep(): Promise<void> {
    const since = this.now().getTime() - RECENT_MS;
    for (const action of await this.options.gateway.listActions(20, { states: ['succeeded'] })) {
      if (action.tool === TOOL && Date.parse(action.updatedAt) > since && !(await this.options.kv.get(POSTED, action.id))) await this.announce(action);
    }
  }

  async announce(action: PendingAction): Promise<void> {
    const { kv, poster, config } = this.options;
    const incident = declaredIncident(action.result?.data);
    if (!incident || (await kv.get(POSTED, action.id))) return;
    if (!(await claimOnce(kv, CLAIMS, action.id, this.instance, CLAIM_LAPSE_MS))) return;
    await kv.put(POSTED, action.id, { at: this.now().toISOString() });
    const change = action.args as StatusChange;
    const room = await poster.roomOf(incident.id);
    const targets = [...new Set([room, config.incidents.announceChannel].filter((target): target is string => Boolean(target)))];
    const { announcements } = this.options;
    if (announcements) {
      for (const conversation of targets) await announcements.enqueue(conversation, incident, change, action.requester);
      return;
    }
    const message = statusUpdateMessage(incident, change, action.requester);
    // Each conversation on its own: a room Slack refuses must not keep the announcement from the announce channel.
    const results = await Promise.allSettled(targets.map((conversation) => poster.post(conversation, message)));
    for (const result of results) if (result.status === 'rejected') this.options.onError?.(result.reason);
  }
}
