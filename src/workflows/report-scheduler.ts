import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../audit/audit-log.js';
import { chartOf } from '../charts/chart-spec.js';
import { renderChart } from '../charts/render-chart.js';
import type { Config, ReportConfig } from '../config/schema.js';
import { latestSlot } from '../config/report-schedule.js';
import type { Gateway } from '../gateway/gateway.js';
import type { KvRepository } from '../store/kv-repository.js';
import { fileContent } from '../store/outbox-file.js';
import type { OutboxMessage } from '../store/outbox-repository.js';
import { claimOnce } from '../store/replica-claim.js';
import type { Database } from '../store/schema.js';

const SLOTS = 'report-slots';
const CLAIMS = 'report-slot-claims';
// A replica that claimed a slot and died before posting hands it over after this long.
const CLAIM_LAPSE_MS = 2 * 60_000;
const TICK_MS = 20_000;

/** The identity scheduled reports run as: policy must grant it `read:reports` (`policies.users`), and usage and audit show it. */
export const SCHEDULER_IDENTITY = 'opsbot-scheduler';
/** The outbox purpose of a scheduled report's post. */
export const REPORT_PURPOSE = 'report';

/** What the scheduler is built from. */
export interface ReportSchedulerOptions {
  kv: KvRepository;
  config: Pick<Config, 'reports'>;
  gateway: Pick<Gateway, 'call'>;
  /** The store's database, for writing the post and its audit record in one transaction. */
  db: Kysely<Database>;
  outbox: { enqueue(messages: OutboxMessage[], db?: Kysely<Database>): Promise<string[]> };
  audit: { append(entry: AuditEntry, executor?: Kysely<Database>): Promise<unknown> };
  /** Who the report runs as; default `opsbot-scheduler`. */
  actor?: string;
  now?: () => Date;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Posts each configured report at its cron slots (read in its time zone), exactly once per slot across replicas:
 * the slot is claimed in the store with a conditional write before anything is built, and the last slot posted is
 * kept there too, so a restart resumes where it stopped. After downtime only the latest missed slot is caught up,
 * never every one; a report seen for the first time starts from its current slot rather than posting at once.
 * A report is a `report_run` read through the gateway as the scheduler's identity (policy and audit as for anyone),
 * and its post goes to the outbox, so any process's worker sends it on whichever chat platform is configured; its
 * chart, drawn here, follows as a file in the post's thread.
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
    const { kv, gateway, db, outbox, audit } = this.options;
    const actor = this.options.actor ?? SCHEDULER_IDENTITY;
    const at = slot.toISOString();
    const key = `${report.name}@${at}`;
    if (!(await claimOnce(kv, CLAIMS, key, this.instance, CLAIM_LAPSE_MS))) return false;
    // Another replica may have finished this slot (and moved on) between our read and our claim.
    if ((await kv.get<{ last: string }>(SLOTS, report.name))!.last >= at) return false;
    // The gateway's `report_run` covers the period since the slot before the current one, which is this slot's period.
    const outcome = await gateway.call({ tool: 'report_run', args: { name: report.name }, actor, origin: { frontEnd: 'scheduler', channel: report.channel } });
    const done = () => kv.update<{ last: string | null }>(SLOTS, report.name, () => ({ last: null }), (current) => ({ last: !current.last || current.last < at ? at : current.last }));
    if (outcome.status !== 'ok') {
      // A refusal or failure is kept for this slot (audited by the gateway), not retried on every tick.
      await done();
      throw new Error(`report ${report.name} at ${at} not posted: ${outcome.text}`);
    }
    const messages = reportMessages({ cardKey: `report:${key}`, channel: report.channel, text: outcome.text, data: outcome.data, meta: { report: report.name, slot: at } }, this.options.onError);
    // The post, its chart and its record in one transaction; the card key names the slot, so a replica taking over a
    // lapsed claim edits the same message instead of posting it twice, and the chart goes into that message's thread.
    await db.transaction().execute(async (trx) => {
      const [id] = await outbox.enqueue(messages, trx);
      await audit.append({ actor, event: 'report', tool: 'report_run', detail: { name: report.name, slot: at, channel: report.channel, outbox: id, failed: failedSections(outcome.data) } }, trx);
    });
    await done();
    return true;
  }
}

/**
 * A report as outbox messages under one card: the text post, then its chart (when the report has one) as a file
 * in that post's thread. A chart that cannot be drawn leaves the text to go alone.
 */
export function reportMessages(report: { cardKey: string; channel: string; text: string; data: unknown; meta: Record<string, unknown> }, onError?: (error: unknown) => void): OutboxMessage[] {
  const messages: OutboxMessage[] = [{ cardKey: report.cardKey, purpose: REPORT_PURPOSE, channel: report.channel, content: { text: [report.text] }, meta: report.meta }];
  const spec = chartOf(report.data);
  if (!spec) return messages;
  try {
    const drawn = renderChart(spec);
    const chart = fileContent({ base64: drawn.png.toString('base64'), filename: drawn.filename, mimeType: 'image/png', title: spec.title });
    messages.push({ cardKey: report.cardKey, purpose: REPORT_PURPOSE, channel: report.channel, reply: true, content: chart, meta: report.meta });
  } catch (error) {
    onError?.(new Error(`report ${report.cardKey}: chart not drawn: ${error instanceof Error ? error.message : String(error)}`));
  }
  return messages;
}

function failedSections(data: unknown): string[] {
  const parts = (data as { report?: { parts?: Array<{ section: string; failed?: string }> } } | undefined)?.report?.parts ?? [];
  return parts.filter((part) => part.failed).map((part) => part.section);
}
