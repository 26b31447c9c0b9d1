import { ToolFailure } from '../errors.js';
import type { KvRepository } from '../store/kv-repository.js';
import type { IncidentCommanderOnCall, OnCallPort, Person, OnCallResponder, TeamOnCall } from './ports/oncall.js';

const NAMESPACE = 'oncall-cache';
const PERSON_PREFIX = 'person-id:';

/** Marks an answer served from the cache because the on-call source failed: when it was cached and why the source failed. */
export interface StaleMark {
  cachedAt: string;
  reason: string;
}

/** An answer that carries `stale` only when it came from the cache. */
export type MaybeStale<T> = T & { stale?: StaleMark };

interface CacheEntry<T> {
  cachedAt: string;
  value: T;
}

/**
 * OnCallPort decorator: every successful answer is stored (kv 'oncall-cache'); when the source fails, the last
 * answer is served instead, marked `stale`, so a page can still reach the people on call during an on-call
 * outage and whoever reads the answer knows it may be out of date. "The source said no" (ToolFailure) is an
 * answer, not an outage, and is never covered up by the cache.
 */
export class CachedOnCall implements OnCallPort {
  constructor(
    private readonly inner: OnCallPort,
    private readonly kv: KvRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async team(team: string, at?: Date): Promise<MaybeStale<TeamOnCall>> {
    // Only "now" is kept for an outage; another time is asked of the source each time.
    if (at) return this.inner.team(team, at);
    return this.cached(`team:${team.trim().toLowerCase()}`, () => this.inner.team(team), (value) => [value.primary, value.backup, value.shadow]);
  }

  async incidentCommander(at?: Date): Promise<MaybeStale<IncidentCommanderOnCall>> {
    if (at) return this.inner.incidentCommander(at);
    return this.cached('incident-commander', () => this.inner.incidentCommander(), (value) => [value.person, value.backup ?? null, value.shadow ?? null]);
  }

  async responders(): Promise<Array<MaybeStale<OnCallResponder>>> {
    try {
      const responders = await this.inner.responders();
      await this.remember('responders', responders, responders.map((responder) => responder.person));
      return responders;
    } catch (error) {
      const entry = await this.fallback<OnCallResponder[]>('responders', error);
      // Each responder carries the mark: an array has no place of its own for it.
      return entry.value.map((responder) => ({ ...responder, stale: entry.stale }));
    }
  }

  async person(query: string): Promise<MaybeStale<Person> | null> {
    const key = `person:${query.trim().toLowerCase()}`;
    try {
      const person = await this.inner.person(query);
      if (person) await this.remember(key, person, [person]);
      return person;
    } catch (error) {
      if (error instanceof ToolFailure) throw error;
      const exact = await this.kv.get<CacheEntry<Person>>(NAMESPACE, key);
      const entry = exact ?? (await this.anyCachedPerson(query));
      if (!entry) throw error;
      return { ...entry.value, stale: { cachedAt: entry.cachedAt, reason: reasonOf(error) } };
    }
  }

  /**
   * Re-reads everything an on-call answer may need (the incident commander, every team, all responders), so the
   * cache is warm before PagerDuty next goes away. Returns what failed; a failure leaves the last good entry.
   */
  async refresh(teams: string[]): Promise<string[]> {
    const failures: string[] = [];
    const attempt = async (label: string, read: () => Promise<unknown>) => {
      try {
        const value = await read();
        if (value && typeof value === 'object' && 'stale' in value && value.stale) failures.push(`${label}: ${(value.stale as StaleMark).reason}`);
      } catch (error) {
        failures.push(`${label}: ${reasonOf(error)}`);
      }
    };
    await attempt('incident commander', () => this.incidentCommander());
    for (const team of teams) await attempt(`team ${team}`, () => this.team(team));
    await attempt('responders', async () => (await this.responders())[0]);
    return failures;
  }

  /** Refreshes every `intervalMs` in the background (never keeping the process alive); returns the stop function. */
  refreshEvery(intervalMs: number, teams: string[], onFailures: (failures: string[]) => void = () => undefined): () => void {
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      this.refresh(teams)
        .then((failures) => failures.length && onFailures(failures))
        .catch(() => undefined)
        .finally(() => (running = false));
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    tick();
    return () => clearInterval(timer);
  }

  /** When the answer under `key` was last cached (`team:web`, `incident-commander`, `responders`, `person:<query>`), or null. */
  async lastCachedAt(key: string): Promise<string | null> {
    return (await this.kv.get<CacheEntry<unknown>>(NAMESPACE, key))?.cachedAt ?? null;
  }

  private async cached<T extends object>(key: string, fetch: () => Promise<T>, people: (value: T) => Array<Person | null>): Promise<MaybeStale<T>> {
    try {
      const value = await fetch();
      await this.remember(key, value, people(value));
      return value;
    } catch (error) {
      const entry = await this.fallback<T>(key, error);
      return { ...entry.value, stale: entry.stale };
    }
  }

  private async fallback<T>(key: string, error: unknown): Promise<{ value: T; stale: StaleMark }> {
    if (error instanceof ToolFailure) throw error;
    const entry = await this.kv.get<CacheEntry<T>>(NAMESPACE, key);
    if (!entry) throw error;
    return { value: entry.value, stale: { cachedAt: entry.cachedAt, reason: reasonOf(error) } };
  }

  /** Stores the answer and each person in it (so "page Dana" works in an outage if Dana appeared in any answer). */
  private async remember(key: string, value: unknown, people: Array<Person | null>): Promise<void> {
    const cachedAt = this.now().toISOString();
    try {
      await this.kv.put(NAMESPACE, key, { cachedAt, value });
      for (const person of people) if (person) await this.kv.put(NAMESPACE, `${PERSON_PREFIX}${person.id}`, { cachedAt, value: person });
    } catch {
      // A cache that cannot be written must not turn a good answer into a failure; the next answer tries again.
    }
  }

  /** A cached person matching the query by id or (case-insensitive, partial) name, as the on-call source would. */
  private async anyCachedPerson(query: string): Promise<CacheEntry<Person> | null> {
    const wanted = query.trim().toLowerCase();
    if (!wanted) return null;
    const entries = (await this.kv.list<CacheEntry<Person>>(NAMESPACE)).filter((entry) => entry.key.startsWith(PERSON_PREFIX)).map((entry) => entry.value);
    return (
      entries.find((entry) => entry.value.id.toLowerCase() === wanted) ??
      entries.find((entry) => entry.value.name.toLowerCase() === wanted) ??
      entries.find((entry) => entry.value.name.toLowerCase().includes(wanted)) ??
      null
    );
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
