import type { Watch, WatchesPort } from '../store/watches.js';
import type { Gateway } from '../gateway/gateway.js';
import type { Origin } from '../actions/origin.js';
import { OVERALL_STATUS, watchedStatusOf } from '../tools/status-watch.js';

/** Told about a watched service whose overall status changed since the last check. */
export type WatchChangeListener = (watch: Watch, previous: string, current: string) => void | Promise<void>;

/** One reported change. */
export interface WatchChange {
  watch: Watch;
  previous: string;
  current: string;
}

/** What the watcher needs; `intervalMs` is 30 s unless a test shortens it. */
export interface StatusWatcherOptions {
  gateway: Gateway;
  watches: WatchesPort;
  onChange: WatchChangeListener;
  /** Which watches this front end reports (the shell reports shell watches; Slack its own). */
  filter?: (watch: Watch) => boolean;
  intervalMs?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

/**
 * `status stalk`: polls each watched service through the gateway (as the watch's owner, so policy and audit
 * apply) and reports every change from the status read when the watch started. The last status is persisted, so a restart resumes where it left off and a
 * change that happened while opsbot was down is still reported once.
 */
export class StatusWatcher {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<WatchChange[]> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: StatusWatcherOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.checkOnce().catch((error: unknown) => this.options.onError?.(error));
    }, this.options.intervalMs ?? 30_000);
    // Watching must never be what keeps a finished shell or CLI process alive.
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.checking?.catch(() => undefined);
  }

  /** One pass over the watches; overlapping passes share one run so a slow backend never doubles reports. */
  checkOnce(): Promise<WatchChange[]> {
    this.checking ??= this.check().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async check(): Promise<WatchChange[]> {
    const changes: WatchChange[] = [];
    const watches = (await this.options.watches.list()).filter((watch) => this.options.filter?.(watch) ?? true);
    for (const watch of watches) {
      const current = await this.statusOf(watch);
      if (current === undefined || current === watch.lastStatus) continue;
      const won = await this.record(watch, current);
      // A watch stored without a status (before stalk read one) takes its first sighting as the baseline.
      if (!won || watch.lastStatus === null) continue;
      const change = { watch, previous: watch.lastStatus, current };
      changes.push(change);
      await this.options.onChange(watch, change.previous, current);
    }
    return changes;
  }

  /** The overall status as the owner may see it; UNKNOWN when the status source fails, undefined when the owner may no longer look. */
  private async statusOf(watch: Watch): Promise<string | undefined> {
    const origin = (watch.origin ?? { frontEnd: 'shell' }) as Origin;
    const overall = watch.target === OVERALL_STATUS;
    const outcome = await this.options.gateway.call({ tool: 'service_status', args: overall ? {} : { service: watch.target }, actor: watch.owner, origin });
    if (outcome.status === 'error') return 'UNKNOWN';
    if (outcome.status !== 'ok') return undefined;
    return watchedStatusOf((outcome.data as { services?: Array<{ service?: string; overall?: string }> } | undefined)?.services, overall);
  }

  /** Conditional on the status we read, so when several processes poll, exactly one reports a change. */
  private async record(watch: Watch, current: string): Promise<boolean> {
    return this.options.watches.setLastStatus(watch.id, current, this.now().toISOString(), { expected: watch.lastStatus });
  }
}
