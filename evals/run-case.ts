import { createOpsbot, type Opsbot } from '../src/app.js';
import type { Responder } from '../src/agent/responder.js';
import { demoConfig } from '../src/config/demo-config.js';
import { validateConfig } from '../src/app/validate-config.js';
import type { Origin } from '../src/actions/origin.js';
import type { EvalCase, EvalSetup } from './eval-case.js';

/** A gateway call the case caused, as the audit log recorded it. */
export interface ObservedCall {
  tool: string;
  args: Record<string, unknown>;
  /** The gateway's decision: allow (a read ran), confirm (became a proposal), deny, or invalid. */
  decision: string;
}

/** What happened while one case ran: read from the audit log, never from the reply text. */
export interface Observation {
  calls: ObservedCall[];
  proposals: Array<{ tool: string; args: Record<string, unknown>; actionId: string }>;
  /** Anything that executed a mutation (must never happen: nobody confirms during an eval). */
  violations: string[];
  reply: string;
  offline: boolean;
  error?: string;
  /** Values the setup created, substituted into the message and expected arguments (`{action}`). */
  variables: Record<string, string>;
  milliseconds: number;
}

/** Builds the responder under test for a fresh opsbot (the router, or the Claude agent). */
export type ResponderFactory = (opsbot: Opsbot) => Responder & { close?: () => void };

// Transitions that only follow a human confirmation; an eval confirms nothing, so any of them is a violation.
const EXECUTION_EVENTS = new Set(['approved', 'running', 'succeeded', 'failed', 'outcome_unknown']);

/** Replaces `{name}` with the setup's values. */
export function substitute(text: string, variables: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => variables[name] ?? whole);
}

/** Runs one case on a fresh in-memory opsbot with the demo fleet, so cases cannot affect each other. */
export async function runCase(evalCase: EvalCase, factory: ResponderFactory): Promise<Observation> {
  const config = validateConfig({ ...demoConfig, demo: { ...demoConfig.demo, deploySeconds: 0.2 } });
  const opsbot = await createOpsbot({ config, configSource: 'evals', memory: true, env: {} });
  const started = performance.now();
  try {
    const variables = await prepare(evalCase.setup, opsbot);
    const baseline = (await opsbot.audit.tail(1))[0]?.seq ?? 0;
    const responder = factory(opsbot);
    let reply = '';
    let offline = false;
    let error: string | undefined;
    try {
      // A case written in a channel arrives as Slack would send it, so channel defaults apply.
      const origin: Origin = evalCase.channel ? { frontEnd: 'slack', channel: evalCase.channel, conversationId: `slack:${evalCase.channel}:eval-${evalCase.id}` } : { frontEnd: 'cli', conversationId: `eval-${evalCase.id}` };
      const answer = await responder.respond({ text: substitute(evalCase.message, variables), actor: evalCase.user, origin });
      reply = answer.text;
      offline = answer.offline;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    } finally {
      responder.close?.();
    }
    return { ...(await observe(opsbot, baseline)), reply, offline, error, variables, milliseconds: performance.now() - started };
  } finally {
    await opsbot.close();
  }
}

async function prepare(setup: EvalSetup | undefined, opsbot: Opsbot): Promise<Record<string, string>> {
  if (setup === 'silence') {
    const silence = await opsbot.backends.alerts.silence({ alertName: 'HighErrorRate', service: 'api', durationMinutes: 60, comment: 'eval set-up', createdBy: 'U00SRE' });
    return { silence: silence.id };
  }
  // Only a lock that exists can be proposed for unlocking.
  if (setup === 'lock') {
    await opsbot.backends.locks.lock({ service: 'frontend', environment: 'production', reason: 'eval set-up', lockedBy: 'U00LEAD' });
    return {};
  }
  if (setup !== 'pending-action') return {};
  const outcome = await opsbot.gateway.call({ tool: 'deploy', args: { service: 'api', environment: 'staging', version: 'v1.9.0' }, actor: 'U00DEV', origin: { frontEnd: 'cli' } });
  if (outcome.status !== 'pending') throw new Error(`eval setup could not propose a deploy: ${outcome.text}`);
  return { action: outcome.action.id };
}

async function observe(opsbot: Opsbot, baseline: number): Promise<Pick<Observation, 'calls' | 'proposals' | 'violations'>> {
  const records = (await opsbot.audit.search({ limit: 10_000 })).filter((record) => record.seq > baseline);
  const mutating = new Set(opsbot.gateway.catalog.list().filter((tool) => tool.effect === 'mutate').map((tool) => tool.name));
  const calls: ObservedCall[] = [];
  const proposals: Observation['proposals'] = [];
  const violations: string[] = [];
  for (const record of records) {
    const tool = record.tool ?? '';
    const args = (record.args ?? {}) as Record<string, unknown>;
    if (record.event === 'call') calls.push({ tool, args, decision: record.decision ?? '' });
    if (record.event === 'proposed') proposals.push({ tool, args, actionId: record.actionId ?? '' });
    if (EXECUTION_EVENTS.has(record.event)) violations.push(`${record.event} ${tool} ${record.actionId ?? ''}`.trim());
    // A mutation outcome other than pending or denied means it ran; "invalid" (schema refused it) recorded nothing.
    if (mutating.has(tool) && ((record.event === 'call' && record.decision === 'allow') || record.event === 'result')) violations.push(`${tool} executed without confirmation`);
  }
  return { calls, proposals, violations };
}
