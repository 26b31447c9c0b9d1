import type { Config } from '../../config/schema.js';
import type { Person } from '../ports/oncall.js';
import type { PagerDutyClient } from './pagerduty-client.js';
import type { PdContactMethod, PdUser } from './pagerduty-types.js';

// Contact methods change rarely; re-reading them for every answer would spend the rate limit on nothing.
const CONTACTS_TTL_MS = 10 * 60_000;
const PAGERDUTY_ID = /^P[A-Z0-9]+$/;

/**
 * Matches people between opsbot (Slack ids, `people:` in config) and PagerDuty users: by an explicit
 * `people.<id>.pagerduty`, else by email. Builds the Person a page or an on-call answer shows, with the phone
 * and email from the user's PagerDuty contact methods (config as the fallback).
 */
export class PagerDutyDirectory {
  private readonly contacts = new Map<string, { at: number; methods: PdContactMethod[] }>();
  private readonly userIds = new Map<string, string>();

  constructor(
    private readonly client: PagerDutyClient,
    private readonly config: Config,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The opsbot Person for a PagerDuty user (from `include[]=users`, or fetched when only a reference is at hand). */
  async personOf(user: PdUser): Promise<Person> {
    const full = user.email || user.name ? user : (await this.client.get<{ user: PdUser }>(`/users/${encodeURIComponent(user.id)}`, {}, 'read a PagerDuty user')).user;
    const slackId = this.slackIdOf(full);
    const configured = slackId ? this.config.people[slackId] : undefined;
    const methods = await this.contactMethods(full.id);
    const phone = methods.find((method) => method.type === 'phone_contact_method') ?? methods.find((method) => method.type === 'sms_contact_method');
    const email = methods.find((method) => method.type === 'email_contact_method')?.address;
    return {
      id: slackId ?? full.id,
      name: configured?.name ?? full.name ?? full.summary ?? full.id,
      email: full.email ?? email ?? configured?.email ?? null,
      phone: phone ? formatPhone(phone) : (configured?.phone ?? null),
      timezone: full.time_zone ?? configured?.timezone ?? null,
    };
  }

  /** The PagerDuty user id for an opsbot person (Slack id or PagerDuty id); null when PagerDuty does not know them. */
  async userIdOf(person: { id: string; email: string | null }): Promise<string | null> {
    if (PAGERDUTY_ID.test(person.id)) return person.id;
    const configured = this.config.people[person.id];
    if (configured?.pagerduty) return configured.pagerduty;
    const email = person.email ?? configured?.email;
    if (!email) return null;
    const known = this.userIds.get(email.toLowerCase());
    if (known) return known;
    const users = await this.client.list<PdUser>('/users', 'users', { query: email }, 'find a PagerDuty user by email');
    const match = users.find((user) => user.email?.toLowerCase() === email.toLowerCase());
    if (match) this.userIds.set(email.toLowerCase(), match.id);
    return match?.id ?? null;
  }

  /** A person asked for by Slack id, PagerDuty id or (partial) name: config first, then PagerDuty's user search. */
  async find(query: string): Promise<Person | null> {
    const wanted = query.trim().replace(/^<@([A-Z0-9]+)>$/i, '$1');
    if (!wanted) return null;
    const lower = wanted.toLowerCase();
    const entries = Object.entries(this.config.people);
    const configured =
      entries.find(([id]) => id.toLowerCase() === lower) ??
      entries.find(([, person]) => person.pagerduty?.toLowerCase() === lower) ??
      entries.find(([, person]) => person.name.toLowerCase() === lower) ??
      entries.find(([, person]) => person.name.toLowerCase().includes(lower));
    if (configured) {
      const [id, person] = configured;
      const userId = await this.userIdOf({ id, email: person.email ?? null });
      if (userId) return this.personOf({ id: userId, type: 'user_reference' });
      return { id, name: person.name, email: person.email ?? null, phone: person.phone ?? null, timezone: person.timezone ?? null };
    }
    if (PAGERDUTY_ID.test(wanted)) return this.personOf({ id: wanted, type: 'user_reference' });
    const users = await this.client.list<PdUser>('/users', 'users', { query: wanted }, 'search PagerDuty users');
    const user = users.find((candidate) => candidate.name?.toLowerCase() === lower) ?? users[0];
    return user ? this.personOf(user) : null;
  }

  /** The person's own PagerDuty login email, when configured. */
  ownEmailOf(slackId: string): string | undefined {
    return this.config.people[slackId]?.email;
  }

  /** The email a write acts as: the person's own (so PagerDuty shows who did it), else the configured default. */
  fromOf(slackId: string): string {
    return this.config.people[slackId]?.email ?? this.config.pagerduty?.from ?? '';
  }

  private slackIdOf(user: PdUser): string | undefined {
    const entries = Object.entries(this.config.people);
    const byId = entries.find(([, person]) => person.pagerduty === user.id);
    if (byId) return byId[0];
    const email = user.email?.toLowerCase();
    return email ? entries.find(([, person]) => !person.pagerduty && person.email?.toLowerCase() === email)?.[0] : undefined;
  }

  private async contactMethods(userId: string): Promise<PdContactMethod[]> {
    const cached = this.contacts.get(userId);
    const now = this.now().getTime();
    if (cached && now - cached.at < CONTACTS_TTL_MS) return cached.methods;
    const body = await this.client.get<{ contact_methods?: PdContactMethod[] }>(`/users/${encodeURIComponent(userId)}/contact_methods`, {}, "read a PagerDuty user's contact methods");
    const methods = body.contact_methods ?? [];
    this.contacts.set(userId, { at: now, methods });
    return methods;
  }
}

function formatPhone(method: PdContactMethod): string {
  return method.country_code ? `+${method.country_code} ${method.address}` : method.address;
}
