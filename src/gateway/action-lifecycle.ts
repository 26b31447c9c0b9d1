import type { ActionState } from '../actions/action-state.js';
import type { ApprovalRequirement } from '../actions/approval-requirement.js';
import type { Origin } from '../actions/origin.js';
import type { ResolveOutcome } from '../actions/outcomes.js';
import type { ActionResult, PendingAction, Precondition } from '../actions/pending-action.js';
import { stateSentence } from '../actions/state-sentences.js';
import type { PolicyEngine } from '../policies/policy-engine.js';
import type { ActionsRepository } from '../store/actions-repository.js';
import type { AnyTool } from '../tools/define-tool.js';
import type { ToolRegistry } from '../tools/registry.js';
import { redactText } from '../util/redact.js';
import type { ActionBus } from './action-bus.js';
import { truncate } from './call-pipeline.js';
import type { GatewayAudit } from './gateway-audit.js';
import { changedFacts, describeChanges, isIntact } from './preconditions.js';
import type { ToolRunner } from './tool-runner.js';

/** A running action whose lease is older than this is taken to have lost its process. */
export const RUN_LEASE_MS = 60_000;
const HEARTBEAT_MS = 15_000;

/** The gateway's answer to "may this person confirm (or reject) this, from here?", without changing anything. */
export type ConfirmVerdict = { ok: true; action: PendingAction; reason: string } | { ok: false; action?: PendingAction; text: string };

/** What the lifecycle is built from; the gateway hands it its parts. */
export interface ActionLifecycleParts {
  registry: ToolRegistry;
  policy: PolicyEngine;
  actions: ActionsRepository;
  audit: GatewayAudit;
  runner: ToolRunner;
  bus: ActionBus;
  now: () => Date;
}

/**
 * The pending-action lifecycle (DESIGN §3): confirm, reject, cancel, expiry, the run lease and recovery after a
 * crash. Every transition is a conditional write with its audit record, so racing clicks run an action once.
 */
export class ActionLifecycle {
  constructor(private readonly parts: ActionLifecycleParts) {}

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
      await this.parts.audit.record({ actor: approver, event: 'approve-denied', tool: action.tool, actionId, origin, decision: 'deny', detail: { reason: verdict.reason } });
      return { status: 'denied', action, text: verdict.text };
    }
    const tool = this.parts.registry.get(action.tool)!;
    if (!isIntact(action)) return this.refuseAltered(action, 'proposed', approver, origin);
    const stale = await this.recheckPreconditions(action, tool, approver, origin);
    if (stale) return stale;
    const at = this.parts.now().toISOString();
    const won = await this.parts.audit.transition(actionId, 'proposed', 'approved', { at, decidedBy: approver, notExpiredAt: at }, { actor: approver, event: 'approved', tool: action.tool, actionId, origin, decision: 'allow', detail: { reason: verdict.reason, argsHash: action.argsHash } });
    if (!won) return this.explainNotPending(actionId);
    const approved = await this.reload(actionId);
    await this.parts.bus.emit(approved, 'approved');
    return this.runApproved(approved, origin, options.progress);
  }

  /** A dry run of confirm's policy checks that changes nothing and writes no audit record. */
  async mayConfirm(actionId: string, approver: string, origin: Origin): Promise<ConfirmVerdict> {
    const checked = await this.checkResolvable(actionId);
    if ('outcome' in checked) return { ok: false, action: checked.outcome.action, text: checked.outcome.text };
    const verdict = await this.decisionVerdict(checked.action, approver, origin, 'confirm');
    return verdict.ok ? { ok: true, action: checked.action, reason: verdict.reason } : { ok: false, action: checked.action, text: verdict.text };
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
      await this.parts.audit.record({ actor, event: 'reject-denied', tool: action.tool, actionId, origin, decision: 'deny', detail: { reason: verdict.reason } });
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
    return this.parts.actions.get(actionId);
  }

  async listActions(limit = 20, filter: { requester?: string; conversationId?: string; states?: ActionState[] } = {}): Promise<PendingAction[]> {
    await this.expireStale();
    return this.parts.actions.recent(limit, filter);
  }

  /** Moves proposed actions past their expiry to `expired`, one conditional write each. */
  async expireStale(): Promise<PendingAction[]> {
    const at = this.parts.now().toISOString();
    const expired: PendingAction[] = [];
    for (const action of await this.parts.actions.findExpired(at)) {
      if (await this.parts.audit.transition(action.id, 'proposed', 'expired', { at }, { actor: 'opsbot', event: 'expired', tool: action.tool, actionId: action.id, decision: 'expired' })) {
        const updated = await this.reload(action.id);
        expired.push(updated);
        await this.parts.bus.emit(updated, 'expired');
      }
    }
    return expired;
  }

  /**
   * Recovery. A running action whose process stopped renewing its lease may or may not have taken effect, so it
   * becomes `outcome_unknown` for a human to check; it is never re-run. One left `approved` past the lease never
   * started. Actions another live process (a CLI confirm, a replica) is running are left alone.
   */
  async recoverInterrupted(): Promise<PendingAction[]> {
    const recovered: PendingAction[] = [];
    const now = this.parts.now();
    const at = now.toISOString();
    const before = new Date(now.getTime() - RUN_LEASE_MS).toISOString();
    for (const action of await this.parts.actions.findStale('running', before)) {
      const result: ActionResult = { ok: false, text: 'opsbot stopped while this was running; its outcome is unknown and it was not retried. Check the system before acting again.' };
      if (await this.parts.audit.transition(action.id, 'running', 'outcome_unknown', { at, result }, { actor: 'opsbot', event: 'outcome_unknown', tool: action.tool, actionId: action.id, decision: 'outcome_unknown', detail: { text: result.text } })) {
        const updated = await this.reload(action.id);
        recovered.push(updated);
        await this.parts.bus.emit(updated, 'outcome_unknown');
      }
    }
    for (const action of await this.parts.actions.findStale('approved', before)) {
      const result: ActionResult = { ok: false, text: 'opsbot stopped after this was approved but before it started; it did not run. Ask again if it is still wanted.' };
      if (await this.parts.audit.transition(action.id, 'approved', 'failed', { at, result }, { actor: 'opsbot', event: 'failed', tool: action.tool, actionId: action.id, decision: 'not-started', detail: { text: result.text } })) {
        const updated = await this.reload(action.id);
        recovered.push(updated);
        await this.parts.bus.emit(updated, 'failed');
      }
    }
    return recovered;
  }

  private async runApproved(action: PendingAction, origin: Origin, progress?: (message: string) => void): Promise<ResolveOutcome> {
    const { audit, bus } = this.parts;
    const tool = this.parts.registry.get(action.tool);
    // Re-read, so an edit of the stored arguments between approval and start is caught too.
    if (!isIntact(action)) return this.refuseAltered(action, 'approved', action.decidedBy ?? 'opsbot', origin);
    const startedAt = this.parts.now().toISOString();
    const running = await audit.transition(action.id, 'approved', 'running', { at: startedAt }, { actor: action.decidedBy ?? 'opsbot', event: 'running', tool: action.tool, actionId: action.id, origin, decision: 'run' });
    if (!running) return this.explainNotPending(action.id);
    await bus.emit(await this.reload(action.id), 'running');
    // Renew the lease while the tool runs, so recovery in another process leaves this action alone.
    const lease = setInterval(() => {
      this.parts.actions.heartbeat(action.id, this.parts.now().toISOString()).catch(() => undefined);
    }, HEARTBEAT_MS);
    lease.unref();
    let result: ActionResult;
    try {
      result = tool
        ? await this.parts.runner.execute(tool, action.args, { actor: action.requester, origin: action.origin, progress, approvedPreview: action.preview, actionId: action.id, approvedBy: action.decidedBy })
        : { ok: false, text: `tool ${action.tool} no longer exists; nothing ran` };
    } finally {
      clearInterval(lease);
    }
    // A tool that cannot tell whether its effect happened (a deploy whose statuses stopped) says so; never success.
    const state: ActionState = result.ok ? 'succeeded' : result.unknown ? 'outcome_unknown' : 'failed';
    const at = this.parts.now().toISOString();
    const entry = { actor: action.decidedBy ?? 'opsbot', event: state, tool: action.tool, actionId: action.id, origin, decision: state, detail: { text: truncate(result.text) } };
    const recorded =
      (await audit.transition(action.id, 'running', state, { at, result }, entry)) ||
      // Recovery gave up on this run (its lease lapsed, e.g. a stalled process); the real outcome still wins over "unknown".
      (await audit.transition(action.id, 'outcome_unknown', state, { at, result }, { ...entry, detail: { ...entry.detail, late: true } }));
    if (!recorded) await audit.record({ ...entry, detail: { ...entry.detail, late: true, unrecorded: true } });
    const finished = await this.reload(action.id);
    await bus.emit(finished, state);
    return { status: 'executed', action: finished, text: result.text };
  }

  /**
   * Whether `person` may confirm or reject `action` from `origin`: the requester must still be allowed to ask
   * for it under the current policy (for a confirm), and the person must satisfy the approval rule in force now,
   * including the front ends it accepts decisions from.
   */
  private async decisionVerdict(action: PendingAction, person: string, origin: Origin, kind: 'confirm' | 'reject'): Promise<{ ok: true; reason: string } | { ok: false; reason: string; text: string }> {
    // The policy in force now decides, not the one at proposal time: the requester may have lost the right,
    // or the approval rule may have become stricter.
    const tool = this.parts.registry.get(action.tool);
    const current = tool ? await this.parts.policy.decide(action.requester, tool, action.args) : undefined;
    if (kind === 'confirm' && current?.outcome !== 'confirm') {
      const reason = current ? `under the current policy ${current.reason}` : `tool ${action.tool} no longer exists`;
      return { ok: false, reason, text: `${action.id} can no longer be approved: ${reason}. Nothing ran; ask again if it is still wanted.` };
    }
    const approval: ApprovalRequirement = current?.outcome === 'confirm' ? current.approval : action.approval;
    const verdict = await this.parts.policy.mayApprove(person, action.requester, approval, origin.frontEnd);
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
      current = tool.preconditions ? await tool.preconditions(action.args, this.parts.runner.context(action.requester, action.origin)) : {};
    } catch (error) {
      unreadable = redactText(error instanceof Error ? error.message : String(error));
    }
    const changes = changedFacts(stored, current);
    if (unreadable !== undefined || changes.some((change) => change.now === undefined)) {
      const reason = `could not re-check what its card showed (${unreadable ?? `${changes.find((change) => change.now === undefined)!.label} cannot be read now`})`;
      await this.parts.audit.record({ actor: approver, event: 'approve-denied', tool: action.tool, actionId: action.id, origin, decision: 'deny', detail: { reason } });
      return { status: 'denied', action, text: `${action.id} was not approved: ${reason}. Nothing ran; it is still pending, so try again shortly.` };
    }
    if (changes.length === 0) return undefined;
    const text = `${describeChanges(changes)}. Ask again if it is still wanted.`;
    const at = this.parts.now().toISOString();
    const result: ActionResult = { ok: false, text, data: { changed: changes } };
    const moved = await this.parts.audit.transition(action.id, 'proposed', 'stale', { at, decidedBy: approver, result }, { actor: approver, event: 'stale', tool: action.tool, actionId: action.id, origin, decision: 'stale', detail: { changed: changes } });
    if (!moved) return this.explainNotPending(action.id);
    const updated = await this.reload(action.id);
    await this.parts.bus.emit(updated, 'stale');
    return { status: 'not_pending', action: updated, text: stateSentence(updated, 'report') };
  }

  /** The stored arguments or preconditions no longer hash to what was proposed: someone edited the record. Nothing runs. */
  private async refuseAltered(action: PendingAction, from: 'proposed' | 'approved', actor: string, origin: Origin): Promise<ResolveOutcome> {
    const text = `${action.id} was refused: its stored arguments no longer match the hash recorded when it was proposed, so the record was altered. Nothing ran; ask again if it is still wanted.`;
    const at = this.parts.now().toISOString();
    await this.parts.audit.transition(action.id, from, 'failed', { at, result: { ok: false, text } }, { actor, event: 'failed', tool: action.tool, actionId: action.id, origin, decision: 'altered', detail: { text, argsHash: action.argsHash } });
    const updated = await this.reload(action.id);
    await this.parts.bus.emit(updated, 'failed');
    return { status: 'not_pending', action: updated, text };
  }

  private async checkResolvable(actionId: string): Promise<{ action: PendingAction } | { outcome: ResolveOutcome }> {
    await this.expireStale();
    const action = await this.parts.actions.get(actionId);
    if (!action) return { outcome: { status: 'not_pending', text: `No action ${actionId}.` } };
    if (action.state !== 'proposed') return { outcome: describeNotPending(action) };
    return { action };
  }

  private async finish(actionId: string, state: 'rejected' | 'cancelled', actor: string, origin: Origin): Promise<ResolveOutcome> {
    const at = this.parts.now().toISOString();
    const before = await this.reload(actionId);
    if (!(await this.parts.audit.transition(actionId, 'proposed', state, { at, decidedBy: actor }, { actor, event: state, tool: before.tool, actionId, origin, decision: state }))) return this.explainNotPending(actionId);
    const action = await this.reload(actionId);
    await this.parts.bus.emit(action, state);
    return { status: state, action, text: stateSentence(action, 'report') };
  }

  private async explainNotPending(actionId: string): Promise<ResolveOutcome> {
    await this.expireStale();
    const action = await this.parts.actions.get(actionId);
    return action ? describeNotPending(action) : { status: 'not_pending', text: `No action ${actionId}.` };
  }

  private async reload(actionId: string): Promise<PendingAction> {
    const action = await this.parts.actions.get(actionId);
    if (!action) throw new Error(`action ${actionId} vanished`);
    return action;
  }
}

function describeNotPending(action: PendingAction): ResolveOutcome {
  return { status: 'not_pending', action, text: stateSentence(action, 'again') };
}
