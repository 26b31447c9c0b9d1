import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-log.js';
import type { Backends } from '../backends/backends.js';
import type { Config, ReportConfig } from '../config/schema.js';
import { latestSlot, slotBefore } from '../config/report-schedule.js';
import type { KvRepository } from '../store/kv-repository.js';
import { claimOnce } from '../store/replica-claim.js';
import { buildReport, reportText } from '../tools/report-sections.js';
import type { Poster } from './posting.js';

const SLOTS = 'report-slots';
const CLAIMS = 'report-slot-claims';
// A replica that claimed a slot and died before posting hands it over after this long.
const CLAIM_LAPSE_MS = 2 * 60_000;
const TICK_MS = 20_000;

/** What the scheduler is built from. */
export interface ReportSchedulerOptions {
  kv: KvRepository;
  config: Config;
  backends: Backends;
  poster: Poster;
  /** Writes the audit record of a posted report. */
  record?: (entry: AuditEntry) => Promise<unknown>;
  now?: () => Date;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Posts each configured report at its cron slots (read in its time zone), exactly once per slot across replicas:
 * the slot is claimed in the store with a conditional write before anything is built, and the last slot posted is
 * kept there too, so a restart resumes where it stopped. After downtime only the latest missed slot is caught up,
 * never every one; a report seen for the first time starts from its current slot rather than posting at once.
 */
export class ReportScheduler {
  private readonly instance = randomUUID();
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly options: ReportSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.timer || !this.options.config.reports.length) return;
    const beat = () => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => (this.running = undefined));
    };
    beat();
    this.timer = setInterval(beat, this.options.intervalMs ?? TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Posts every report whose latest slot is due and not yet posted by any replica; returns `name@slot` of those posted here. */
  async tick(): Promise<string[]> {
    const posted: string[] = [];
    for (const report of this.options.config.reports) {
      try {
        const slot = await this.dueSlot(report);
        if (slot && (await this.post(report, slot))) posted.push(`${report.name}@${slot.toISOString()}`);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    return posted;
  }

  private async dueSlot(report: ReportConfig): Promise<Date | undefined> {
    const slot = latestSlot(report.schedule, report.timezone, this.now());
    if (!slot) return undefined;
    const at = slot.toISOString();
    // First sight: the current slot is the baseline (a new report does not post the moment it is configured).
    const state = await this.options.kv.update<{ last: string | null }>(SLOTS, report.name, () => ({ last: null }), (current) => (current.last ? current : { last: at }));
    return state.last! < at ? slot : undefined;
  }

  private async post(report: ReportConfig, slot: Date): Promise<boolean> {
    const { kv, poster } = this.options;
    const key = `${report.name}@${slot.toISOString()}`;
    if (!(await claimOnce(kv, CLAIMS, key, this.instance, CLAIM_LAPSE_MS))) return false;
    // Another replica may have finished this slot (and moved on) between our read and our claim.
    if ((await kv.get<{ last: string }>(SLOTS, report.name))!.last >= slot.toISOString()) return false;
    const from = slotBefore(report.schedule, report.timezone, slot);
    const run = await buildReport(report, { from, to: slot }, { backends: this.options.backends, config: this.options.config });
    const message = await poster.post(report.channel, { text: reportText(run) });
    await kv.update<{ last: string | null }>(SLOTS, report.name, () => ({ last: null }), (current) => ({ last: !current.last || current.last < slot.toISOString() ? slot.toISOString() : current.last }));
    await this.options.record?.({ actor: 'opsbot', event: 'report', detail: { name: report.name, slot: slot.toISOString(), channel: report.channel, ts: message.ts, failed: run.parts.filter((part) => part.failed).map((part) => part.section) } });
    return true;
  }
}
