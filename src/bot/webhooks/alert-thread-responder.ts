import type { Inbound, Reply, Responder } from '../../agent/responder.js';
import { durationIn, formatOutcome } from '../../agent/router/index.js';
import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { KvRepository } from '../../store/kv-repository.js';
import { threadOf } from '../conversation/threads.js';
import { describeAlertGroup } from './alert-card.js';
import { AlertGroups } from './alert-groups.js';
import { alertRequests, type AlertVerb } from './alert-requests.js';

// Whole-message phrasings that mean "do this to the alert this thread is about"; anything longer goes to the responder.
const PHRASES: Array<[RegExp, AlertVerb]> = [
  [/^(?:please\s+)?(?:silence|mute|snooze)(?:\s+(?:this|it|that|them|the alerts?|this alert))?(?:\s+for\s+.+)?$/, 'silence'],
  [/^(?:(?:show|give|send)\s+(?:me\s+)?)?(?:the\s+)?runbook(?:\s+(?:for\s+)?(?:this|it))?$/, 'runbook'],
  [/^(?:please\s+)?page(?:\s+(?:the\s+)?on[- ]?call)?(?:\s+(?:for\s+)?(?:this|it))?$/, 'page'],
  [/^(?:please\s+)?declare(?:\s+an?)?\s+incident(?:\s+for\s+(?:this|it))?$/, 'incident'],
];

/** The verb (and silence length) of a reply that acts on the thread's alert, if it is one. */
export function alertPhrase(text: string): { verb: AlertVerb; minutes?: number } | undefined {
  const plain = text.toLowerCase().replace(/[.!?]+$/, '').replace(/\s+/g, ' ').trim();
  const verb = PHRASES.find(([pattern]) => pattern.test(plain))?.[1];
  if (!verb) return undefined;
  if (verb !== 'silence') return { verb };
  const found = durationIn(plain);
  if (/\bfor\b/.test(plain) && !found) return undefined;
  return { verb, minutes: found?.minutes };
}

/**
 * A reply in an alert card's thread is a conversation that knows the alert: "silence this for 2h", "runbook",
 * "page on-call" and "declare incident" are resolved against the stored group (as the replier's own request,
 * through the gateway), and anything else goes to the responder with the alert as context.
 */
export class AlertThreadResponder implements Responder {
  private readonly groups: AlertGroups;

  constructor(
    private readonly inner: Responder,
    private readonly deps: { gateway: Gateway; kv: KvRepository; config: Pick<Config, 'services' | 'teams'> },
  ) {
    this.groups = new AlertGroups(deps.kv);
  }

  async respond(message: Inbound): Promise<Reply> {
    const thread = threadOf(message.origin);
    const group = thread ? await this.groups.ofThread(thread) : undefined;
    if (!group) return this.inner.respond(message);
    const phrase = alertPhrase(message.text);
    if (!phrase) return this.inner.respond({ ...message, context: describeAlertGroup(group) });
    const requests = alertRequests(this.deps.config, group, phrase.verb, { minutes: phrase.minutes });
    if ('reason' in requests) return { text: `Nothing done: ${requests.reason}.`, actions: [], offline: true };
    const texts: string[] = [];
    const actions: Reply['actions'] = [];
    for (const request of requests) {
      const outcome = await this.deps.gateway.call({ tool: request.tool, args: request.args, actor: message.actor, origin: { ...message.origin, via: 'router' }, progress: message.onProgress });
      texts.push(formatOutcome(outcome));
      if (outcome.status === 'pending') actions.push(outcome.action);
    }
    return { text: texts.filter(Boolean).join('\n\n'), actions, offline: true };
  }
}
