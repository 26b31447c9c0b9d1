import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Origin } from '../actions/origin.js';
import type { CallOutcome } from '../actions/outcomes.js';
import type { PendingAction, Precondition } from '../actions/pending-action.js';
import type { Config } from '../config/schema.js';
import { ToolFailure } from '../errors.js';
import type { Decision } from '../policies/decision.js';
import type { Grants, PolicyEngine } from '../policies/policy-engine.js';
import type { ActionsRepository } from '../store/actions-repository.js';
import type { ToolRegistry } from '../tools/registry.js';
import { canonicalJson } from '../util/canonical-json.js';
import { redact } from '../util/redact.js';
import type { ActionBus } from './action-bus.js';
import type { GatewayAudit } from './gateway-audit.js';
import { boundedSummary, inputBoundsProblem } from './input-bounds.js';
import { actionHash } from './preconditions.js';
import type { ToolCatalog, ToolEntry } from './tool-catalog.js';
import type { ToolRunner } from './tool-runner.js';

/** A request to run one tool for one identity. */
export interface CallRequest {
  tool: string;
  args: unknown;
  actor: string;
  origin: Origin;
  progress?: (message: string) => void;
}

/** What a call would meet, without running anything: `opsbot policy explain`. */
export type Explanation =
  | { status: 'invalid'; text: string }
  | { status: 'decided'; tool: ToolEntry; args: Record<string, unknown>; grants: Grants; decision: Decision; policyVersion: string };

/** What the pipeline is built from; the gateway hands it its parts. */
export interface CallPipelineParts {
  registry: ToolRegistry;
  catalog: ToolCatalog;
  policy: PolicyEngine;
  actions: ActionsRepository;
  config: Config;
  audit: GatewayAudit;
  runner: ToolRunner;
  bus: ActionBus;
  now: () => Date;
}

/**
 * The call pipeline (DESIGN §1): bounds, schema, policy, then run a read, refuse, or store a mutation as a pending
 * action; every decision is audited.
 */
export class CallPipeline {
  constructor(private readonly parts: CallPipelineParts) {}

  /** Tools this user may use at all, for the model's tool list, MCP tools/list and help. */
  async visibleTools(actor: string): Promise<ToolEntry[]> {
    const { registry, catalog, policy, config } = this.parts;
    const visible: ToolEntry[] = [];
    for (const tool of registry.list()) {
      if (await policy.mayUse(actor, tool, config.environments)) visible.push(catalog.get(tool.name)!);
    }
    return visible;
  }

  async call(request: CallRequest): Promise<CallOutcome> {
    const { registry, policy, config, audit } = this.parts;
    const { actor, origin } = request;
    const tool = registry.get(request.tool);
    if (!tool) {
      const withheld = registry.withheldReason(request.tool);
      await audit.record({ actor, event: 'call', tool: request.tool, origin, decision: 'invalid', detail: { reason: withheld ?? 'unknown tool' } });
      return { status: 'invalid', tool: request.tool, text: withheld ?? `unknown tool "${request.tool}"` };
    }
    // Before anything recursive (schema, redaction, the audit record) walks the input.
    const outOfBounds = inputBoundsProblem(request.args);
    if (outOfBounds) {
      const text = `invalid arguments for ${tool.name}: ${outOfBounds}; nothing ran`;
      await audit.record({ actor, event: 'call', tool: tool.name, origin, decision: 'invalid', detail: { reason: text, args: boundedSummary(request.args) } });
      return { status: 'invalid', tool: tool.name, text };
    }
    const parsed = tool.input.safeParse(request.args ?? {});
    if (!parsed.success) {
      // Policy on the tool comes first: someone who may not use it at all learns that, not the shape of its arguments.
      const access = await policy.toolAccess(actor, tool, config.environments);
      if (!access.ok) {
        await audit.record({ actor, event: 'call', tool: tool.name, args: request.args, origin, decision: 'deny', detail: { permission: access.permission, reason: access.reason, policyVersion: policy.version } });
        return { status: 'denied', tool: tool.name, permission: access.permission, text: `Refused: ${access.reason}.` };
      }
      const text = `invalid arguments for ${tool.name}: ${formatIssues(parsed.error)}`;
      await audit.record({ actor, event: 'call', tool: tool.name, args: request.args, origin, decision: 'invalid', detail: { reason: text } });
      return { status: 'invalid', tool: tool.name, text };
    }
    // Secret-shaped text in arguments (a token pasted into a page message) is scrubbed before it is stored,
    // shown on a card or sent anywhere: what is shown is exactly what runs.
    const args = redact(JSON.parse(canonicalJson(parsed.data)) as Record<string, unknown>);
    const decision = await policy.decide(actor, tool, args);
    const decided = { actor, event: 'call', tool: tool.name, args, origin, decision: decision.outcome, detail: { permission: decision.permission, reason: decision.reason, policyVersion: policy.version } };
    // A read's records need not hold up its answer; a mutation's decision is committed before anything acts on it.
    const reading = tool.effect === 'read' && decision.outcome === 'allow';
    if (reading) audit.recordRead(decided);
    else await audit.record(decided);

    if (decision.outcome === 'deny') {
      return { status: 'denied', tool: tool.name, permission: decision.permission, text: `Refused: ${decision.reason}.` };
    }
    if (decision.outcome === 'allow') {
      const result = await this.parts.runner.execute(tool, args, { actor, origin, progress: request.progress });
      const outcome = { actor, event: 'result', tool: tool.name, origin, decision: result.ok ? 'ok' : 'error', detail: { text: truncate(result.text) } };
      if (reading) audit.recordRead(outcome);
      else await audit.record(outcome);
      return result.ok ? { status: 'ok', tool: tool.name, text: result.text, data: result.data } : { status: 'error', tool: tool.name, text: result.text };
    }

    const context = this.parts.runner.context(actor, origin);
    let preview: Record<string, string> | null = null;
    let preconditions: Record<string, Precondition> | null = null;
    try {
      if (tool.preview) preview = await tool.preview(args, context);
      if (tool.preconditions) preconditions = await tool.preconditions(args, context);
    } catch (error) {
      // A preview that fails because the backend says the request makes no sense is a refusal the user can fix.
      if (error instanceof ToolFailure) {
        await audit.record({ actor, event: 'call', tool: tool.name, args, origin, decision: 'invalid', detail: { reason: error.message } });
        return { status: 'invalid', tool: tool.name, text: error.message };
      }
      throw error;
    }
    if (preconditions && Object.keys(preconditions).length === 0) preconditions = null;
    const created = this.parts.now();
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
      policyVersion: policy.version,
      summary: tool.describe(args as z.output<typeof tool.input>),
      preview,
      preconditions,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + config.actions.expiryMinutes * 60_000).toISOString(),
      updatedAt: created.toISOString(),
      decidedBy: null,
      decidedAt: null,
      result: null,
    };
    await audit.insertAudited(action, { actor, event: 'proposed', tool: tool.name, actionId: action.id, args, origin, decision: 'confirm', detail: { argsHash: action.argsHash, approval: action.approval, expiresAt: action.expiresAt, ...(preconditions ? { preconditions } : {}) } });
    await this.parts.bus.emit(action, 'proposed');
    return { status: 'pending', tool: tool.name, action, text: `Needs confirmation: ${action.summary}. Approver: ${action.approval.summary}. Action ${action.id}, expires ${action.expiresAt}.` };
  }

  /**
   * What policy decides for a call, as the pipeline would meet it (bounds, schema, then policy), without running,
   * proposing or auditing anything: `opsbot policy explain`.
   */
  async explain(actor: string, toolName: string, input: unknown): Promise<Explanation> {
    const { registry, catalog, policy, config } = this.parts;
    const tool = registry.get(toolName);
    if (!tool) return { status: 'invalid', text: `unknown tool "${toolName}"; tools: ${registry.list().map((entry) => entry.name).join(', ')}` };
    const entry = catalog.get(tool.name)!;
    const outOfBounds = inputBoundsProblem(input);
    if (outOfBounds) return { status: 'invalid', text: `invalid arguments for ${tool.name}: ${outOfBounds}` };
    const parsed = tool.input.safeParse(input ?? {});
    const access = parsed.success ? undefined : await policy.toolAccess(actor, tool, config.environments);
    if (access && !access.ok) return { status: 'decided', tool: entry, args: (input ?? {}) as Record<string, unknown>, grants: await policy.grantsOf(actor).catch(() => ({ userId: actor, roles: [], patterns: [] })), decision: { outcome: 'deny', permission: access.permission, reason: access.reason }, policyVersion: policy.version };
    if (!parsed.success) return { status: 'invalid', text: `arguments do not fit ${tool.name}'s schema; the gateway would refuse them before asking policy:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('\n')}` };
    const args = redact(JSON.parse(canonicalJson(parsed.data)) as Record<string, unknown>);
    const grants = await policy.grantsOf(actor);
    return { status: 'decided', tool: entry, args, grants, decision: await policy.decide(actor, tool, args), policyVersion: policy.version };
  }
}

function newActionId(): string {
  return `act_${randomBytes(5).toString('hex')}`;
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** Result text as audited: long enough to read, short enough to keep the log lean. */
export function truncate(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
