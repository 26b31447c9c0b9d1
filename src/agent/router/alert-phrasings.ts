import { scanArguments, unknownWords } from './argument-scan.js';
import { call, incomplete, type Phrasing } from './parsed-command.js';
import { durationMinutes, joinText } from './tokens.js';

/**
 * `silence HighErrorRate frontend 30m flapping`, `alerts silence HighErrorRate for 2h deploy in progress`.
 * Positional, because the reason is free text that may itself mention a service.
 */
const silence: Phrasing = ({ tokens, words, vocabulary }) => {
  let rest: number;
  if (words[0] === 'silence' || words[0] === 'mute') rest = 1;
  else if ((words[0] === 'alerts' || words[0] === 'alert') && (words[1] === 'silence' || words[1] === 'mute')) rest = 2;
  else return undefined;
  const remaining = tokens.slice(rest);
  const alert = remaining.shift();
  if (!alert) return incomplete('alerts', 'alert_silence', {}, 'Which alert? e.g. silence HighErrorRate frontend 30m flapping ("alerts" lists them).');
  // Service and duration in either order, each maybe after "for"/"on": "HighLatency for api for 2 hours, …".
  let service: string | undefined;
  let duration: number | undefined;
  for (let progress = true; progress; ) {
    progress = false;
    const skip = ['for', 'on', 'in'].includes(remaining[0]?.word ?? '') ? 1 : 0;
    const next = remaining[skip];
    const minutes = next ? (durationMinutes(next.word) ?? spokenDuration(next.word, remaining[skip + 1]?.word)) : undefined;
    if (next && !service && vocabulary.service(next.word)) {
      service = vocabulary.service(next.word);
      remaining.splice(0, skip + 1);
      progress = true;
    } else if (next && duration === undefined && minutes !== undefined) {
      duration = minutes;
      remaining.splice(0, skip + (durationMinutes(next.word) === undefined ? 2 : 1));
      progress = true;
    }
  }
  const comment = joinText(remaining).replace(/^[,;:-]\s*/, '').replace(/^(because|since|reason:?)\s+/i, '') || undefined;
  const args = { alert: alert.text, service, duration_minutes: duration, comment };
  if (!comment) return incomplete('alerts', 'alert_silence', args, 'Why? Add a reason after the duration, e.g. "30m flapping during the deploy".');
  return call('alerts', 'alert_silence', args);
};

// "2 hours", "90 minutes": a number and a unit written apart.
function spokenDuration(amount: string, unit: string | undefined): number | undefined {
  return /^\d+$/.test(amount) && unit ? durationMinutes(`${amount}${unit}`) : undefined;
}

/** `unsilence HighErrorRate api`, `alerts unsilence 5f0c…` (a silence id): ends silences early. */
const unsilence: Phrasing = ({ tokens, words, vocabulary }) => {
  const verbs = ['unsilence', 'unmute'];
  const rest = verbs.includes(words[0] ?? '') ? 1 : (words[0] === 'alerts' || words[0] === 'alert') && verbs.includes(words[1] ?? '') ? 2 : 0;
  if (rest === 0) return undefined;
  const remaining = tokens.slice(rest).filter((token) => !['for', 'on', 'the', 'silence'].includes(token.word));
  const target = remaining.shift();
  if (!target) return incomplete('alerts', 'alert_unsilence', {}, 'Which silence? e.g. unsilence HighErrorRate api, or a silence id.');
  // Alertmanager ids are UUIDs; the demo's are silence-N.
  if (/^(silence-\d+|[0-9a-f]{8}-[0-9a-f-]{27})$/i.test(target.text)) return call('alerts', 'alert_unsilence', { silence_id: target.text });
  return call('alerts', 'alert_unsilence', { alert: target.text, service: remaining.map((token) => vocabulary.service(token.word)).find(Boolean) });
};

/** `alerts`, `alerts frontend`, `alerts staging all`, `what's firing?`. */
const alerts: Phrasing = ({ tokens, words, vocabulary }) => {
  const asking = ['what', "what's", 'whats', 'is', 'are', 'any', 'anything'].includes(words[0] ?? '') && (words.includes('firing') || words.includes('alerting'));
  const listing = words[0] === 'alerts' || words[0] === 'alert' || asking;
  if (!listing) return undefined;
  const includeSilenced = words.some((word) => word === 'silenced' || word === 'all');
  const rest = tokens.slice(words[0] === 'alerts' || words[0] === 'alert' ? 1 : 0).filter((token) => !['silenced', 'all', 'firing', 'alerting', 'any', 'anything', 'list'].includes(token.word));
  const scanned = scanArguments(rest, vocabulary);
  const args = { service: scanned.service, environment: scanned.environment, include_silenced: includeSilenced || undefined };
  if (scanned.unknown.length) return incomplete('alerts', 'alerts_list', args, unknownWords(scanned.unknown, vocabulary));
  return call('alerts', 'alerts_list', args);
};

/** `runbook HighErrorRate`, `runbook for payments`, `playbook auth`. */
const runbook: Phrasing = ({ tokens, words }) => {
  if (!['runbook', 'runbooks', 'playbook'].includes(words[0] ?? '')) return undefined;
  const query = joinText(tokens.slice(words[1] === 'for' ? 2 : 1)).replace(/[?!.]+$/, '');
  if (!query) return incomplete('runbook', 'runbook', {}, 'Runbook for which alert or service? e.g. runbook HighErrorRate.');
  return call('runbook', 'runbook', { query });
};

/** Alerts, silences and runbooks; silence first since "alerts silence …" also starts with "alerts". */
export const alertPhrasings: readonly Phrasing[] = [silence, unsilence, alerts, runbook];
