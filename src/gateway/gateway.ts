import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AuditEntry, AuditLog } from '../audit/audit-log.js';
import type { Backends } from '../backends/ports.js';
import type { Config } from '../config/schema.js';
import { OutcomeUnknown, ToolFailure } from '../errors.js';
import type { PolicyEngine } from '../policies/policy-engine.js';
import type { ActionsRepository } from '../store/actions-repository.js';
import type { AnyTool, ToolContext } from '../tools/define-tool.js';
import type { ToolRegistry } from '../tools/registry.js';
import { canonicalJson, sha256 } from '../util/canonical-json.js';
import { redact, redactText } from '../util/redact.js';
import type { Origin } from './origin.js';
import type { ActionEvent, ActionListener, CallOutcome, ResolveOutcome } from './outcomes.js';
import type { ActionResult, ActionState, PendingAction } from './pending-action.js';

/** Everything the gateway needs; built once by the composition root (src/app.ts). */
export interface GatewayDependencies {
  registry: ToolRegistry;
  policy: PolicyEngine;
  actions: ActionsRepository;
  audit: AuditLog;
  backends: Backends;
  config: Config;
  now?: () => Date;
}

/** A request to run one tool for one identity. */
export interface CallRequest {
  tool: string;
  args: unknown;
  actor: string;
  origin: Origin;
  progress?: (message: string) => void;
}

/**
 * The only path to a tool handler (DESIGN §1): validates arguments, asks policy, runs reads,
 * turns mutations into stored pending actions, executes them once a permitted human confirms,
 * and writes an audit record for every decision and outcome.
 */
export class Gateway {
  private readonly listeners = new Set<ActionListener>();
  private readonly now: () => Date;

  constructor(private readonly deps: GatewayDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  get registry(): ToolRegistry {
    return this.deps.registry;
  }

  get policy(): PolicyEngine {
    return this.deps.policy;
  }

  onActionChange(listener: ActionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tools this user may use at all, for the model's tool list, MCP tools/list and help. */
  async visibleTools(actor: string): Promise<AnyTool[]> {
    const visible: AnyTool[] = [];
    for (const tool of this.deps.registry.list()) {
      if (await this.deps.policy.mayUse(actor, tool, this.deps.config.environments)) visible.push(tool);
    }
    return visible;
  }

  async call(request: CallRequest): Promise<CallOutcome> {
    const { actor, origin } = request;
    const tool = this.deps.registry.get(request.tool);
    if (!tool) {
      await this.deps.audit.append({ actor, event: 'call', tool: request.tool, origin, decision: 'invalid', detail: { reason: 'unknown tool' } });
      return { status: 'invalid', tool: request.tool, text: `unknown tool "${request.tool}"` };
    }
    const parsed = tool.input.safeParse(request.args ?? {});
    if (!parsed.success) {
      const text = `invalid arguments for ${tool.name}: ${formatIssues(parsed.error)}`;
      await this.deps.audit.append({ actor, event: 'call', tool: tool.name, args: request.args, origin, decision: 'invalid', detail: { reason: text } });
      return { status: 'invalid', tool: tool.name, text };
    }
    // Secret-shaped text in arguments (a token pasted into a page message) is scrubbed before it is stored,
    // shown on a card or sent anywhere: what is shown is exactly what runs.
    const args = redact(JSON.parse(canonicalJson(parsed.data)) as Record<string, unknown>);
    const decision = await this.deps.policy.decide(actor, tool, args);
    await this.deps.audit.append({ actor, event: 'call', tool: tool.name, args, origin, decision: decision.outcome, detail: { permission: decision.permission, reason: decision.reason, policyVersion: this.deps.policy.version } });

    if (decision.outcome === 'deny') {
      return { status: 'denied', tool: tool.name, permission: decision.permission, text: `Refused: ${decision.reason}.` };
    }
    if (decision.outcome === 'allow') {
      const result = await this.execute(tool, args, { actor, origin, progress: request.progress });
      await this.deps.audit.append({ actor, event: 'result', tool: tool.name, origin, decision: result.ok ? 'ok' : 'error', detail: { text: truncate(result.text) } });
      return result.ok ? { status: 'ok', tool: tool.name, text: result.text, data: result.data } : { status: 'error', tool: tool.name, text: result.text };
    }

    const context = this.context(actor, origin);
    let preview: Record<string, string> | null = null;
    if (tool.preview) {
      try {
        preview = await tool.preview(args, context);
      } catch (error) {
        // A preview that fails because the backend says the request makes no sense is a refusal the user can fix.
        if (error instanceof ToolFailure) {
          await this.deps.audit.append({ actor, event: 'call', tool: tool.name, args, origin, decision: 'invalid', detail: { reason: error.message } });
          return { status: 'invalid', tool: tool.name, text: error.message };
        }
        throw error;
      }
    }
    const created = this.now();
    const action: PendingAction = {
      id: newActionId(),
      tool: tool.name,
      args,
      argsHash: sha256(canonicalJson({ tool: tool.name, args })),
      requester: actor,
      origin,
      state: 'proposed',
      permission: decision.permission,
      approval: decision.approval,
      policyVersion: this.deps.policy.version,
      summary: tool.describe(args as z.output<typeof tool.input>),
      preview,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + this.deps.config.actions.expiryMinutes * 60_000).toISOString(),
      updatedAt: created.toISOString(),
      decidedBy: null,
      decidedAt: null,
      result: null,
    };
    await this.deps.actions.atomically(async (actions, executor) => {
      await actions.insert(action);
      await this.deps.audit.append({ actor, event: 'proposed', tool: tool.name, actionId: action.id, args, origin, decision: 'confirm', detail: { argsHash: action.argsHash, approval: action.approval, expiresAt: action.expiresAt } }, executor);
    });
    await this.emit(action, 'proposed');
    return { status: 'pending', tool: tool.name, action, text: `Needs confirmation: ${action.summary}. Approver: ${action.approval.summary}. Action ${action.id}, expires ${action.expiresAt}.` };
  }

  /** Approve and run. Re-checks the approver's rights now; exactly one of any number of racing confirms executes. */
  async confirm(actionId: string, approver: string, origin: Origin, options: { progress?: (message: string) => void } = {}): Promise<ResolveOutcome> {
    const checked = await this.checkResolvable(actionId);
    if ('outcome' in checked) return checked.outcome;
    const action = checked.action;
    // The policy in force now decides, not the one at proposal time: the requester may have lost the right,
    // or the approval rule may have become stricter.
    const tool = this.deps.registry.get(action.tool);
    const current = tool ? await this.deps.policy.decide(action.requester, tool, action.args) : undefined;
    if (current?.outcome !== 'confirm') {
      const reason = current ? `under the current policy ${current.reason}` : `tool ${action.tool} no longer exists`;
      await this.deps.audit.append({ actor: approver, event: 'approve-denied', tool: action.tool, actionId, origin, decision: 'deny', detail: { reason } });
      return { status: 'denied', action, text: `${actionId} can no longer be approved: ${reason}. Nothing ran; ask again if it is still wanted.` };
    }
    const verdict = await this.deps.policy.mayApprove(approver, action.requester, current.approval, origin.frontEnd);
    if (!verdict.ok) {
      await this.deps.audit.append({ actor: approver, event: 'approve-denied', tool: action.tool, actionId, origin, decision: 'deny', detail: { reason: verdict.reason } });
      return { status: 'denied', action, text: `You cannot approve ${actionId}: ${verdict.reason}. It is still pending.` };
    }
    const at = this.now().toISOString();
    const won = await this.transitionAudited(actionId, 'proposed', 'approved', { at, decidedBy: approver, notExpiredAt: at }, { actor: approver, event: 'approved', tool: action.tool, actionId, origin, decision: 'allow', detail: { reason: verdict.reason, argsHash: action.argsHash } });
    if (!won) return this.explainNotPending(actionId);
    const approved = await this.reload(actionId);
    await this.emit(approved, 'approved');
    return this.runApproved(approved, origin, options.progress);
  }

  async reject(actionId: string, actor: string, origin: Origin): Promise<ResolveOutcome> {
    const checked = await this.checkResolvable(actionId);
    if ('outcome' in checked) return checked.outcome;
    const action = checked.action;
    // Anyone who could approve may reject; so may the requester (that is a cancel).
    if (actor === action.requester) return this.cancel(actionId, actor, origin);
    const verdict = await this.deps.policy.mayApprove(actor, action.requester, action.approval);
    if (!verdict.ok) {
      await this.deps.audit.append({ actor, event: 'reject-denied', tool: action.tool, actionId, origin, decision: 'deny', detail: { reason: verdict.reason } });
      return { status: 'denied', action, text: `You cannot reject ${actionId}: ${verdict.reason}. It is still pending.` };
    }
    return this.finish(actionId, 'rejected', actor, origin);
  }

  async cancel(actionId: string, actor: string, origin: Origin): Promise<ResolveOutcome> {
    const checked = await this.checkResolvable(actionId);
    if ('outcome' in checked) return checked.outcome;
    if (checked.action.requester !== actor) {
      return { status: 'denied', action: checked.action, text: `Only ${checked.action.requester}, who asked for ${actionId}, can cancel it.` };
    }
    return this.finish(actionId, 'cancelled', actor, origin);
  }

  async getAction(actionId: string): Promise<PendingAction | undefined> {
    await this.expireStale();
    return this.deps.actions.get(actionId);
  }

  async listActions(limit = 20, filter: { requester?: string; conversationId?: string; states?: ActionState[] } = {}): Promise<PendingAction[]> {
    await this.expireStale();
    return this.deps.actions.recent(limit, filter);
  }

  /** Moves proposed actions past their expiry to `expired`, one conditional write each. */
  async expireStale(): Promise<PendingAction[]> {
    const at = this.now().toISOString();
    const expired: PendingAction[] = [];
    for (const action of await this.deps.actions.findExpired(at)) {
      if (await this.transitionAudited(action.id, 'proposed', 'expired', { at }, { actor: 'opsbot', event: 'expired', tool: action.tool, actionId: action.id, decision: 'expired' })) {
        const updated = await this.reload(action.id);
        expired.push(updated);
        await this.emit(updated, 'expired');
      }
    }
    return expired;
  }

  /**
   * Start-up recovery. A running action whose process stopped renewing its lease may or may not have taken
   * effect, so it becomes `outcome_unknown` for a human to check; it is never re-run. One left `approved` past
   * the lease never started. Actions another live process (a CLI confirm, a replica) is running are left alone.
   */
  async recoverInterrupted(): Promise<PendingAction[]> {
    const recovered: PendingAction[] = [];
    const now = this.now();
    const at = now.toISOString();
    const before = new Date(now.getTime() - RUN_LEASE_MS).toISOString();
    for (const action of await this.deps.actions.findStale('running', before)) {
      const result: ActionResult = { ok: false, text: 'opsbot stopped while this was running; its outcome is unknown and it was not retried. Check the system before acting again.' };
      if (await this.transitionAudited(action.id, 'running', 'outcome_unknown', { at, result }, { actor: 'opsbot', event: 'outcome_unknown', tool: action.tool, actionId: action.id, decision: 'outcome_unknown', detail: { text: result.text } })) {
        const updated = await this.reload(action.id);
        recovered.push(updated);
        await this.emit(updated, 'outcome_unknown');
      }
    }
    for (const action of await this.deps.actions.findStale('approved', before)) {
      const result: ActionResult = { ok: false, text: 'opsbot stopped after this was approved but before it started; it did not run. Ask again if it is still wanted.' };
      if (await this.transitionAudited(action.id, 'approved', 'failed', { at, result }, { actor: 'opsbot', event: 'failed', tool: action.tool, actionId: action.id, decision: 'not-started', detail: { text: result.text } })) {
        const updated = await this.reload(action.id);
        recovered.push(updated);
        await this.emit(updated, 'failed');
      }
    }
    return recovered;
  }

  private async runApproved(action: PendingAction, origin: Origin, progress?: (message: string) => void): Promise<ResolveOutcome> {
    const tool = this.deps.registry.get(action.tool);
    const startedAt = this.now().toISOString();
    const running = await this.transitionAudited(action.id, 'approved', 'running', { at: startedAt }, { actor: action.decidedBy ?? 'opsbot', event: 'running', tool: action.tool, actionId: action.id, origin, decision: 'run' });
    if (!running) return this.explainNotPending(action.id);
    await this.emit(await this.reload(action.id), 'running');
    // Renew the lease while the tool runs, so recovery in another process leaves this action alone.
    const lease = setInterval(() => {
      this.deps.actions.heartbeat(action.id, this.now().toISOString()).catch(() => undefined);
    }, HEARTBEAT_MS);
    lease.unref();
    let result: ActionResult;
    try {
      result = tool
        ? await this.execute(tool, action.args, { actor: action.requester, origin: action.origin, progress, approvedPreview: action.preview, actionId: action.id, approvedBy: action.decidedBy })
        : { ok: false, text: `tool ${action.tool} no longer exists; nothing ran` };
    } finally {
      clearInterval(lease);
    }
    // A tool that cannot tell whether its effect happened (a deploy whose statuses stopped) says so; never success.
    const state: ActionState = result.ok ? 'succeeded' : result.unknown ? 'outcome_unknown' : 'failed';
    const at = this.now().toISOString();
    const entry = { actor: action.decidedBy ?? 'opsbot', event: state, tool: action.tool, actionId: action.id, origin, decision: state, detail: { text: truncate(result.text) } };
    const recorded =
      (await this.transitionAudited(action.id, 'running', state, { at, result }, entry)) ||
      // Recovery gave up on this run (its lease lapsed, e.g. a stalled process); the real outcome still wins over "unknown".
      (await this.transitionAudited(action.id, 'outcome_unknown', state, { at, result }, { ...entry, detail: { ...entry.detail, late: true } }));
    if (!recorded) await this.deps.audit.append({ ...entry, detail: { ...entry.detail, late: true, unrecorded: true } });
    const finished = await this.reload(action.id);
    await this.emit(finished, state);
    return { status: 'executed', action: finished, text: result.text };
  }

  private async execute(
    tool: AnyTool,
    args: Record<string, unknown>,
    call: { actor: string; origin: Origin; progress?: (message: string) => void; approvedPreview?: Record<string, string> | null; actionId?: string; approvedBy?: string | null },
  ): Promise<ActionResult> {
    try {
      const output = await tool.run(args, { ...this.context(call.actor, call.origin, call.progress), approvedPreview: call.approvedPreview, actionId: call.actionId, approvedBy: call.approvedBy });
      return { ok: true, text: output.text, data: output.data };
    } catch (error) {
      if (error instanceof OutcomeUnknown) return { ok: false, unknown: true, text: redactText(error.message), data: error.details };
      if (error instanceof ToolFailure) return { ok: false, text: redactText(error.message), data: error.details };
      // An unexpected fault: the caller learns the tool failed, without internals that might carry secrets.
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, text: `${tool.name} failed: ${redactText(message)}` };
    }
  }

  private context(actor: string, origin: Origin, progress?: (message: string) => void): ToolContext {
    return { backends: this.deps.backends, config: this.deps.config, actor, origin, now: this.now, progress };
  }

  private async checkResolvable(actionId: string): Promise<{ action: PendingAction } | { outcome: ResolveOutcome }> {
    await this.expireStale();
    const action = await this.deps.actions.get(actionId);
    if (!action) return { outcome: { status: 'not_pending', text: `No action ${actionId}.` } };
    if (action.state !== 'proposed') return { outcome: this.describeNotPending(action) };
    return { action };
  }

  private async finish(actionId: string, state: 'rejected' | 'cancelled', actor: string, origin: Origin): Promise<ResolveOutcome> {
    const at = this.now().toISOString();
    const before = await this.reload(actionId);
    if (!(await this.transitionAudited(actionId, 'proposed', state, { at, decidedBy: actor }, { actor, event: state, tool: before.tool, actionId, origin, decision: state }))) return this.explainNotPending(actionId);
    const action = await this.reload(actionId);
    await this.emit(action, state);
    return { status: state, action, text: `${actionId} ${state} by ${actor}; nothing ran.` };
  }

  /** A state change and its audit record, in one transaction: both are stored, or neither. */
  private transitionAudited(id: string, from: ActionState, to: ActionState, changes: Parameters<ActionsRepository['transition']>[3], entry: AuditEntry): Promise<boolean> {
    return this.deps.actions.atomically(async (actions, executor) => {
      if (!(await actions.transition(id, from, to, changes))) return false;
      await this.deps.audit.append(entry, executor);
      return true;
    });
  }

  private async explainNotPending(actionId: string): Promise<ResolveOutcome> {
    await this.expireStale();
    const action = await this.deps.actions.get(actionId);
    return action ? this.describeNotPending(action) : { status: 'not_pending', text: `No action ${actionId}.` };
  }

  private describeNotPending(action: PendingAction): ResolveOutcome {
    const by = action.decidedBy ? ` by ${action.decidedBy}` : '';
    const text =
      action.state === 'expired'
        ? `${action.id} expired at ${action.expiresAt} without approval; nothing ran. Ask again if it is still wanted.`
        : `${action.id} is already ${action.state}${by}; nothing more was done.`;
    return { status: 'not_pending', action, text };
  }

  private async reload(actionId: string): Promise<PendingAction> {
    const action = await this.deps.actions.get(actionId);
    if (!action) throw new Error(`action ${actionId} vanished`);
    return action;
  }

  private async emit(action: PendingAction, event: ActionEvent): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(action, event);
      } catch (error) {
        // A listener (a Slack card update) must never undo or block a recorded transition.
        process.emitWarning(`action listener failed on ${event} of ${action.id}: ${redactText(error instanceof Error ? error.message : String(error))}`);
      }
    }
  }
}

/** A running action whose lease is older than this is taken to have lost its process. */
export const RUN_LEASE_MS = 60_000;
const HEARTBEAT_MS = 15_000;

function newActionId(): string {
  return `act_${randomBytes(5).toString('hex')}`;
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

function truncate(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
