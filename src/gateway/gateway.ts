import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AuditEntry, AuditLog } from '../audit/audit-log.js';
import type { Backends } from '../backends/backends.js';
import type { Config } from '../config/schema.js';
import { OutcomeUnknown, ToolFailure } from '../errors.js';
import type { PolicyEngine } from '../policies/policy-engine.js';
import type { ActionsRepository } from '../store/actions-repository.js';
import type { AnyTool, ToolContext } from '../tools/define-tool.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Grants } from '../policies/policy-engine.js';
import type { Decision } from '../policies/decision.js';
import type { ApprovalRequirement } from '../actions/approval-requirement.js';
import { canonicalJson } from '../util/canonical-json.js';
import { redact, redactText } from '../util/redact.js';
import { boundedSummary, inputBoundsProblem } from './input-bounds.js';
import { notPendingText } from './not-pending-text.js';
import type { Origin } from '../actions/origin.js';
import type { ActionListener, CallOutcome, ResolveOutcome } from '../actions/outcomes.js';
import type { ActionResult, PendingAction, Precondition } from '../actions/pending-action.js';
import type { ActionState } from '../actions/action-state.js';
import { actionHash, changedFacts, describeChanges, isIntact } from './preconditions.js';

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

/** The gateway's answer to "may this person confirm (or reject) this, from here?", without changing anything. */
export type ConfirmVerdict = { ok: true; action: PendingAction; reason: string } | { ok: false; action?: PendingAction; text: string };

/** What a call would meet, without running anything: `opsbot policy explain`. */
export type Explanation =
  | { status: 'invalid'; text: string }
  | { status: 'decided'; tool: AnyTool; args: Record<string, unknown>; grants: Grants; decision: Decision };

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
    // Before anything recursive (schema, redaction, the audit record) walks the input.
    const outOfBounds = inputBoundsProblem(request.args);
    if (outOfBounds) {
      const text = `invalid arguments for ${tool.name}: ${outOfBounds}; nothing ran`;
      await this.deps.audit.append({ actor, event: 'call', tool: tool.name, origin, decision: 'invalid', detail: { reason: text, args: boundedSummary(request.args) } });
      return { status: 'invalid', tool: tool.name, text };
    }
    const parsed = tool.input.safeParse(request.args ?? {});
    if (!parsed.success) {
      // Policy on the tool comes first: someone who may not use it at all learns that, not the shape of its arguments.
      const access = await this.deps.policy.toolAccess(actor, tool, this.deps.config.environments);
      if (!access.ok) {
        await this.deps.audit.append({ actor, event: 'call', tool: tool.name, args: request.args, origin, decision: 'deny', detail: { permission: access.permission, reason: access.reason, policyVersion: this.deps.policy.version } });
        return { status: 'denied', tool: tool.name, permission: access.permission, text: `Refused: ${access.reason}.` };
      }
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
    let preconditions: Record<string, Precondition> | null = null;
    try {
      if (tool.preview) preview = await tool.preview(args, context);
      if (tool.preconditions) preconditions = await tool.preconditions(args, context);
    } catch (error) {
      // A preview that fails because the backend says the request makes no sense is a refusal the user can fix.
      if (error instanceof ToolFailure) {
        await this.deps.audit.append({ actor, event: 'call', tool: tool.name, args, origin, decision: 'invalid', detail: { reason: error.message } });
        return { status: 'invalid', tool: tool.name, text: error.message };
      }
      throw error;
    }
    if (preconditions && Object.keys(preconditions).length === 0) preconditions = null;
    const created = this.now();
    const action: PendingAction = {
      id: newActionId(),
      tool: tool.name,
      args,
      argsHash: actionHash(tool.name, args, preconditions),
      requester: actor,
      origin,
      state: 'proposed',
      permission: decision.permission,
      approval: decision.approval,
      policyVersion: this.deps.policy.version,
      summary: tool.describe(args as z.output<typeof tool.input>),
      preview,
      preconditions,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + this.deps.config.actions.expiryMinutes * 60_000).toISOString(),
      updatedAt: created.toISOString(),
      decidedBy: null,
      decidedAt: null,
      result: null,
    };
    await this.deps.actions.atomically(async (actions, executor) => {
      await actions.insert(action);
      await this.deps.audit.append({ actor, event: 'proposed', tool: tool.name, actionId: action.id, args, origin, decision: 'confirm', detail: { argsHash: action.argsHash, approval: action.approval, expiresAt: action.expiresAt, ...(preconditions ? { preconditions } : {}) } }, executor);
    });
    await this.emit(action, 'proposed');
    return { status: 'pending', tool: tool.name, action, text: `Needs confirmation: ${action.summary}. Approver: ${action.approval.summary}. Action ${action.id}, expires ${action.expiresAt}.` };
  }

  /**
   * Approve and run. Re-checks the approver's rights now, that the stored record is the one proposed, and that the
   * facts its card showed still hold; exactly one of any number of racing confirms executes.
   */
  async confirm(actionId: string, approver: string, origin: Origin, options: { progress?: (message: string) => void } = {}): Promise<ResolveOutcome> {
    const checked = await this.checkResolvable(actionId);
    if ('outcome' in checked) return checked.outcome;
    const action = checked.action;
    const verdict = await this.decisionVerdict(action, approver, origin, 'confirm');
    if (!verdict.ok) {
      await this.deps.audit.append({ actor: approver, event: 'approve-denied', tool: action.tool, actionId, origin, decision: 'deny', detail: { reason: verdict.reason } });
      return { status: 'denied', action, text: verdict.text };
    }
    const tool = this.deps.registry.get(action.tool)!;
    if (!isIntact(action)) return this.refuseAltered(action, 'proposed', approver, origin);
    const stale = await this.recheckPreconditions(action, tool, approver, origin);
    if (stale) return stale;
    const at = this.now().toISOString();
    const won = await this.transitionAudited(actionId, 'proposed', 'approved', { at, decidedBy: approver, notExpiredAt: at }, { actor: approver, event: 'approved', tool: action.tool, actionId, origin, decision: 'allow', detail: { reason: verdict.reason, argsHash: action.argsHash } });
    if (!won) return this.explainNotPending(actionId);
    const approved = await this.reload(actionId);
    await this.emit(approved, 'approved');
    return this.runApproved(approved, origin, options.progress);
  }

  /**
   * The one answer to "may this person confirm this, from here?" (front ends ask before offering a form or a
   * button); a dry run of confirm's policy checks that changes nothing and writes no audit record.
   */
  async mayConfirm(actionId: string, approver: string, origin: Origin): Promise<ConfirmVerdict> {
    const checked = await this.checkResolvable(actionId);
    if ('outcome' in checked) return { ok: false, action: checked.outcome.action, text: checked.outcome.text };
    const verdict = await this.decisionVerdict(checked.action, approver, origin, 'confirm');
    return verdict.ok ? { ok: true, action: checked.action, reason: verdict.reason } : { ok: false, action: checked.action, text: verdict.text };
  }

  /**
   * What policy decides for a call, as the gateway would meet it (bounds, schema, then policy), without running,
   * proposing or auditing anything: `opsbot policy explain`.
   */
  async explain(actor: string, toolName: string, input: unknown): Promise<Explanation> {
    const tool = this.deps.registry.get(toolName);
    if (!tool) return { status: 'invalid', text: `unknown tool "${toolName}"; tools: ${this.deps.registry.list().map((entry) => entry.name).join(', ')}` };
    const outOfBounds = inputBoundsProblem(input);
    if (outOfBounds) return { status: 'invalid', text: `invalid arguments for ${tool.name}: ${outOfBounds}` };
    const parsed = tool.input.safeParse(input ?? {});
    const access = parsed.success ? undefined : await this.deps.policy.toolAccess(actor, tool, this.deps.config.environments);
    if (access && !access.ok) return { status: 'decided', tool, args: (input ?? {}) as Record<string, unknown>, grants: await this.deps.policy.grantsOf(actor).catch(() => ({ userId: actor, roles: [], patterns: [] })), decision: { outcome: 'deny', permission: access.permission, reason: access.reason } };
    if (!parsed.success) return { status: 'invalid', text: `arguments do not fit ${tool.name}'s schema; the gateway would refuse them before asking policy:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('\n')}` };
    const args = redact(JSON.parse(canonicalJson(parsed.data)) as Record<string, unknown>);
    const grants = await this.deps.policy.grantsOf(actor);
    return { status: 'decided', tool, args, grants, decision: await this.deps.policy.decide(actor, tool, args) };
  }

  async reject(actionId: string, actor: string, origin: Origin): Promise<ResolveOutcome> {
    const checked = await this.checkResolvable(actionId);
    if ('outcome' in checked) return checked.outcome;
    const action = checked.action;
    // Anyone who could approve may reject; so may the requester (that is a cancel).
    if (actor === action.requester) return this.cancel(actionId, actor, origin);
    // Rejecting is an approver's decision too, so it obeys the same rule, approveFrom included.
    const verdict = await this.decisionVerdict(action, actor, origin, 'reject');
    if (!verdict.ok) {
      await this.deps.audit.append({ actor, event: 'reject-denied', tool: action.tool, actionId, origin, decision: 'deny', detail: { reason: verdict.reason } });
      return { status: 'denied', action, text: verdict.text };
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
    // Re-read, so an edit of the stored arguments between approval and start is caught too.
    if (!isIntact(action)) return this.refuseAltered(action, 'approved', action.decidedBy ?? 'opsbot', origin);
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

  /**
   * Whether `person` may confirm or reject `action` from `origin`: the requester must still be allowed to ask
   * for it under the current policy (for a confirm), and the person must satisfy the approval rule in force now,
   * including the front ends it accepts decisions from.
   */
  private async decisionVerdict(action: PendingAction, person: string, origin: Origin, kind: 'confirm' | 'reject'): Promise<{ ok: true; reason: string } | { ok: false; reason: string; text: string }> {
    // The policy in force now decides, not the one at proposal time: the requester may have lost the right,
    // or the approval rule may have become stricter.
    const tool = this.deps.registry.get(action.tool);
    const current = tool ? await this.deps.policy.decide(action.requester, tool, action.args) : undefined;
    if (kind === 'confirm' && current?.outcome !== 'confirm') {
      const reason = current ? `under the current policy ${current.reason}` : `tool ${action.tool} no longer exists`;
      return { ok: false, reason, text: `${action.id} can no longer be approved: ${reason}. Nothing ran; ask again if it is still wanted.` };
    }
    const approval: ApprovalRequirement = current?.outcome === 'confirm' ? current.approval : action.approval;
    const verdict = await this.deps.policy.mayApprove(person, action.requester, approval, origin.frontEnd);
    if (verdict.ok) return verdict;
    return { ok: false, reason: verdict.reason, text: `You cannot ${kind === 'confirm' ? 'approve' : 'reject'} ${action.id}: ${verdict.reason}. It is still pending.` };
  }

  /**
   * Reads the facts the card showed again. Changed: the action becomes `stale` (terminal; nothing runs) and the
   * refusal names old and new values. Unreadable now: it stays pending, for a later try.
   */
  private async recheckPreconditions(action: PendingAction, tool: AnyTool, approver: string, origin: Origin): Promise<ResolveOutcome | undefined> {
    const stored = action.preconditions;
    if (!stored || Object.keys(stored).length === 0) return undefined;
    let current: Record<string, Precondition> = {};
    let unreadable: string | undefined;
    try {
      current = tool.preconditions ? await tool.preconditions(action.args, this.context(action.requester, action.origin)) : {};
    } catch (error) {
      unreadable = redactText(error instanceof Error ? error.message : String(error));
    }
    const changes = changedFacts(stored, current);
    if (unreadable !== undefined || changes.some((change) => change.now === undefined)) {
      const reason = `could not re-check what its card showed (${unreadable ?? `${changes.find((change) => change.now === undefined)!.label} cannot be read now`})`;
      await this.deps.audit.append({ actor: approver, event: 'approve-denied', tool: action.tool, actionId: action.id, origin, decision: 'deny', detail: { reason } });
      return { status: 'denied', action, text: `${action.id} was not approved: ${reason}. Nothing ran; it is still pending, so try again shortly.` };
    }
    if (changes.length === 0) return undefined;
    const text = `${describeChanges(changes)}; nothing ran. Ask again if it is still wanted.`;
    const at = this.now().toISOString();
    const result: ActionResult = { ok: false, text, data: { changed: changes } };
    const moved = await this.transitionAudited(action.id, 'proposed', 'stale', { at, decidedBy: approver, result }, { actor: approver, event: 'stale', tool: action.tool, actionId: action.id, origin, decision: 'stale', detail: { changed: changes } });
    if (!moved) return this.explainNotPending(action.id);
    const updated = await this.reload(action.id);
    await this.emit(updated, 'stale');
    return { status: 'not_pending', action: updated, text: `${action.id} was not run: ${text}` };
  }

  /** The stored arguments or preconditions no longer hash to what was proposed: someone edited the record. Nothing runs. */
  private async refuseAltered(action: PendingAction, from: 'proposed' | 'approved', actor: string, origin: Origin): Promise<ResolveOutcome> {
    const text = `${action.id} was refused: its stored arguments no longer match the hash recorded when it was proposed, so the record was altered. Nothing ran; ask again if it is still wanted.`;
    const at = this.now().toISOString();
    await this.transitionAudited(action.id, from, 'failed', { at, result: { ok: false, text } }, { actor, event: 'failed', tool: action.tool, actionId: action.id, origin, decision: 'altered', detail: { text, argsHash: action.argsHash } });
    const updated = await this.reload(action.id);
    await this.emit(updated, 'failed');
    return { status: 'not_pending', action: updated, text };
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
    return { status: 'not_pending', action, text: notPendingText(action) };
  }

  private async reload(actionId: string): Promise<PendingAction> {
    const action = await this.deps.actions.get(actionId);
    if (!action) throw new Error(`action ${actionId} vanished`);
    return action;
  }

  private async emit(action: PendingAction, event: ActionState): Promise<void> {
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
