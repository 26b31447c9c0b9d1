import type { ActionState } from '../actions/action-state.js';
import type { Origin } from '../actions/origin.js';
import type { ActionListener, CallOutcome, ResolveOutcome } from '../actions/outcomes.js';
import type { PendingAction } from '../actions/pending-action.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Backends } from '../backends/backends.js';
import type { Config } from '../config/schema.js';
import type { Grants, PolicyEngine } from '../policies/policy-engine.js';
import type { ActionsRepository } from '../store/actions-repository.js';
import type { ToolRegistry } from '../tools/registry.js';
import { ActionBus } from './action-bus.js';
import { ActionLifecycle, type ConfirmVerdict } from './action-lifecycle.js';
import { type CallRequest, CallPipeline, type Explanation } from './call-pipeline.js';
import { GatewayAudit, type TransactionHook } from './gateway-audit.js';
import { catalogOf, type ToolCatalog, type ToolEntry } from './tool-catalog.js';
import { ToolRunner } from './tool-runner.js';

export type { CallRequest, ConfirmVerdict, Explanation, TransactionHook };

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

/**
 * The only path to a tool handler (DESIGN §1), and all a front end asks: calls go through the call pipeline
 * (call-pipeline.ts), decisions on pending actions through their lifecycle (action-lifecycle.ts), and tools are
 * read from a catalog without handlers. The policy engine and the registry stay inside.
 */
export class Gateway {
  /** The tool table as front ends may read it: names, descriptions and schemas, never handlers. */
  readonly catalog: ToolCatalog;
  private readonly bus = new ActionBus();
  private readonly pipeline: CallPipeline;
  private readonly lifecycle: ActionLifecycle;
  private readonly policy: PolicyEngine;
  private readonly registry: ToolRegistry;
  private readonly backends: Backends;
  private readonly audit: GatewayAudit;

  constructor(deps: GatewayDependencies) {
    this.registry = deps.registry;
    const now = deps.now ?? (() => new Date());
    const audit = new GatewayAudit(deps.audit, deps.actions);
    this.audit = audit;
    const runner = new ToolRunner(deps.backends, deps.config, now);
    this.policy = deps.policy;
    this.backends = deps.backends;
    this.catalog = catalogOf(deps.registry);
    this.pipeline = new CallPipeline({ registry: deps.registry, catalog: this.catalog, policy: deps.policy, actions: deps.actions, config: deps.config, audit, runner, bus: this.bus, now });
    this.lifecycle = new ActionLifecycle({ registry: deps.registry, policy: deps.policy, actions: deps.actions, audit, runner, bus: this.bus, now });
  }

  /** Notified after every recorded action transition; returns the unsubscribe. */
  onActionChange(listener: ActionListener): () => void {
    return this.bus.on(listener);
  }

  /**
   * Runs `hook` inside the transaction of every proposal and every recorded transition, before it commits: what it
   * writes (outbox rows) is stored with the change or not at all, whichever process made it. Returns the removal.
   */
  onTransaction(hook: TransactionHook): () => void {
    return this.audit.onTransaction(hook);
  }

  /** Tools this user may use at all, for the model's tool list, MCP tools/list and help. */
  visibleTools(actor: string): Promise<ToolEntry[]> {
    return this.pipeline.visibleTools(actor);
  }

  /** Why a tool that exists is not offered here (its capability is not configured), or undefined. */
  notOffered(toolName: string): string | undefined {
    return this.registry.withheldReason(toolName);
  }

  /** The roles and permission patterns a user holds now, for the system prompt and the shell's `whoami`. */
  grantsOf(actor: string): Promise<Grants> {
    return this.policy.grantsOf(actor);
  }

  /** A short hash of the policy in force, recorded with every decision. */
  get policyVersion(): string {
    return this.policy.version;
  }

  call(request: CallRequest): Promise<CallOutcome> {
    return this.pipeline.call(request);
  }

  /** What a call would meet (bounds, schema, policy) without running, proposing or auditing anything: `opsbot policy explain`. */
  explain(actor: string, toolName: string, input: unknown): Promise<Explanation> {
    return this.pipeline.explain(actor, toolName, input);
  }

  /** Approve and run; exactly one of any number of racing confirms executes. */
  confirm(actionId: string, approver: string, origin: Origin, options: { progress?: (message: string) => void } = {}): Promise<ResolveOutcome> {
    return this.lifecycle.confirm(actionId, approver, origin, options);
  }

  /** "May this person confirm this, from here?" (before offering a form or a button); changes nothing. */
  mayConfirm(actionId: string, approver: string, origin: Origin): Promise<ConfirmVerdict> {
    return this.lifecycle.mayConfirm(actionId, approver, origin);
  }

  reject(actionId: string, actor: string, origin: Origin): Promise<ResolveOutcome> {
    return this.lifecycle.reject(actionId, actor, origin);
  }

  cancel(actionId: string, actor: string, origin: Origin): Promise<ResolveOutcome> {
    return this.lifecycle.cancel(actionId, actor, origin);
  }

  getAction(actionId: string): Promise<PendingAction | undefined> {
    return this.lifecycle.getAction(actionId);
  }

  listActions(limit = 20, filter: { requester?: string; conversationId?: string; states?: ActionState[] } = {}): Promise<PendingAction[]> {
    return this.lifecycle.listActions(limit, filter);
  }

  /** Moves proposed actions past their expiry to `expired`. */
  expireStale(): Promise<PendingAction[]> {
    return this.lifecycle.expireStale();
  }

  /** Start-up and periodic recovery of actions whose process stopped while they ran (DESIGN §3). */
  async recoverInterrupted(): Promise<PendingAction[]> {
    const recovered = await this.lifecycle.recoverInterrupted();
    // A deploy claim lives as long as its action's run lease: the interrupted ones free their service/environment.
    await this.backends.deployClaims.sweep();
    return recovered;
  }
}
