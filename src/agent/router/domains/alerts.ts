import { scanArguments, unknownWords } from '../argument-scan.js';
import type { Domain } from '../domain.js';
import { durationIn } from '../durations.js';
import { alertNameIn, bare, clip, environmentOf, otherClauses, servicesIn } from '../intent-arguments.js';
import { ask, found, type IntentRule } from '../intent-rule.js';
import { ALERTS, HANDLING, RUNBOOK, SILENCE, SILENCED, STEPS, UNSILENCE } from '../intent-vocabulary.js';
import { call, incomplete, type Phrasing } from '../parsed-command.js';
import { asksForChange, isJapanese, mentions, phraseAt, type Sentence, textMentions } from '../sentence.js';
import { durationMinutes, joinText } from '../tokens.js';

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
  if (remaining[0]?.word === 'the') remaining.shift();
  const alert = remaining.shift();
  if (!alert) return incomplete('alert_silence', {}, SILENCE_QUESTION);
  // "silence for 30m", "mute the alert for api": no alert named; the intent rule asks for one.
  if (SILENCE_FILLERS.has(alert.word) || vocabulary.service(alert.word) || durationMinutes(alert.word) !== undefined || /^\d+$/.test(alert.word)) return undefined;
  if (remaining[0]?.word === 'alert') remaining.shift();
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
  // Without a reason the router writes one naming who silenced it (command-router.ts): only the alert is asked for.
  const comment = joinText(remaining).replace(/^[,;:-]\s*/, '').replace(/^(because|since|reason:?)\s+/i, '') || undefined;
  return call('alert_silence', { alert: alert.text, service, duration_minutes: duration, comment });
};

// "2 hours", "90 minutes": a number and a unit written apart.
function spokenDuration(amount: string, unit: string | undefined): number | undefined {
  return /^\d+$/.test(amount) && unit ? durationMinutes(`${amount}${unit}`) : undefined;
}

const SILENCE_QUESTION = 'Which alert? e.g. silence HighErrorRate frontend 30m flapping ("alerts" lists them).';

// Alertmanager's silence ids are UUIDs; the demo's are silence-N.
const SILENCE_ID = /^(silence-\d+|[0-9a-f]{8}-[0-9a-f-]{27})$/i;

/** `unsilence HighErrorRate api`, `alerts unsilence 5f0c…` (a silence id): ends silences early. */
const unsilence: Phrasing = ({ tokens, words, vocabulary }) => {
  const verbs = ['unsilence', 'unmute'];
  const rest = verbs.includes(words[0] ?? '') ? 1 : (words[0] === 'alerts' || words[0] === 'alert') && verbs.includes(words[1] ?? '') ? 2 : 0;
  if (rest === 0) return undefined;
  const remaining = tokens.slice(rest).filter((token) => !['for', 'on', 'the', 'silence'].includes(token.word));
  const target = remaining.shift();
  if (!target) return incomplete('alert_unsilence', {}, UNSILENCE_QUESTION);
  if (SILENCE_ID.test(target.text)) return call('alert_unsilence', { silence_id: target.text });
  return call('alert_unsilence', { alert: target.text, service: remaining.map((token) => vocabulary.service(token.word)).find(Boolean) });
};

const UNSILENCE_QUESTION = 'Which silence? e.g. unsilence HighErrorRate api, or a silence id.';

/** `alerts`, `alerts frontend`, `alerts staging all`, `what's firing?`. */
const alerts: Phrasing = ({ tokens, words, vocabulary }) => {
  const asking = ['what', "what's", 'whats', 'is', 'are', 'any', 'anything'].includes(words[0] ?? '') && (words.includes('firing') || words.includes('alerting'));
  const listing = words[0] === 'alerts' || words[0] === 'alert' || asking;
  if (!listing) return undefined;
  const includeSilenced = words.some((word) => word === 'silenced' || word === 'all');
  const rest = tokens.slice(words[0] === 'alerts' || words[0] === 'alert' ? 1 : 0).filter((token) => !['silenced', 'all', 'firing', 'alerting', 'any', 'anything', 'list'].includes(token.word));
  const scanned = scanArguments(rest, vocabulary);
  const args = { service: scanned.service, environment: scanned.environment, include_silenced: includeSilenced || undefined };
  if (scanned.unknown.length) return incomplete('alerts_list', args, unknownWords(scanned.unknown, vocabulary));
  return call('alerts_list', args);
};

/** `runbook HighErrorRate`, `runbook for payments`, `playbook auth`. */
const runbook: Phrasing = ({ tokens, words }) => {
  if (!['runbook', 'runbooks', 'playbook'].includes(words[0] ?? '')) return undefined;
  const query = joinText(tokens.slice(words[1] === 'for' ? 2 : 1)).replace(/[?!.]+$/, '');
  if (!query) return incomplete('runbook', {}, 'Runbook for which alert or service? e.g. runbook HighErrorRate.');
  return call('runbook', { query });
};

// Words around the parts of a silence that are not its reason ("silence X for api for 2 hours").
const SILENCE_FILLERS = new Set(['for', 'on', 'in', 'the', 'alert', 'alerts', 'please', 'until', 'of', 'a', 'an', 'it', 'that', ...SILENCE]);

const REASON_MARKERS = new Set(['because', 'since', 'reason', 'as']);

/** "silence HighLatency for api for 2 hours, we're already on it", "apiのHighLatencyアラートを2時間ミュートして。対応中です". */
const silenceIntent: IntentRule = (sentence) => {
  const verbAt = phraseAt(sentence, SILENCE);
  if (verbAt === -1 || !asksForChange(sentence)) return undefined;
  const duration = durationIn(sentence.text);
  const args = { alert: alertNameIn(sentence) ?? alertAfterVerb(sentence, verbAt), service: servicesIn(sentence)[0], duration_minutes: duration?.minutes };
  if (!args.alert) return ask('alert_silence', args, SILENCE_QUESTION);
  // No reason given: the router writes one naming who silenced it.
  return found('alert_silence', { ...args, comment: clip(reasonIn(sentence, args.alert, duration), 300) });
};

/** "unsilence HighErrorRate for api", "apiのHighErrorRateのミュートを解除して"; before silence, which "ミュートを解除" also mentions. */
const unsilenceIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, UNSILENCE) || !asksForChange(sentence)) return undefined;
  const id = sentence.tokens.find((token) => SILENCE_ID.test(token.text))?.text;
  if (id) return found('alert_unsilence', { silence_id: id });
  const alert = alertNameIn(sentence);
  if (!alert) return ask('alert_unsilence', {}, UNSILENCE_QUESTION);
  return found('alert_unsilence', { alert, service: servicesIn(sentence)[0] });
};

// "silence disk-full for 1h …": the word right after the verb, when it is not a known name or a filler.
function alertAfterVerb(sentence: Sentence, verbAt: number): string | undefined {
  const next = sentence.tokens.filter((token) => token.at > verbAt && token.word !== 'the')[0];
  if (!next || isJapanese(next.text) || SILENCE_FILLERS.has(next.word) || sentence.vocabulary.service(bare(next.word)) || durationMinutes(next.word) !== undefined || /^\d+$/.test(next.word)) return undefined;
  return next.text;
}

// The reason: after "because", else the clauses without the verb, else the words no other argument used.
function reasonIn(sentence: Sentence, alert: string, duration: ReturnType<typeof durationIn>): string | undefined {
  const marker = sentence.tokens.findIndex((token) => REASON_MARKERS.has(token.word));
  if (marker !== -1 && marker < sentence.tokens.length - 1) return joinText(sentence.tokens.slice(marker + 1));
  const clauses = otherClauses(sentence, (clause) => textMentions(clause, SILENCE));
  if (clauses) return clauses;
  if (isJapanese(sentence.text)) return undefined;
  const inDuration = (at: number) => duration !== undefined && at >= duration.index && at < duration.index + duration.length;
  const rest = sentence.tokens.filter((token) => token.text !== alert && !inDuration(token.at) && !SILENCE_FILLERS.has(token.word) && !sentence.vocabulary.service(bare(token.word)));
  return joinText(rest) || undefined;
}

// Words between "runbook" and what it is for ("runbook for the …", "playbook to handle …").
const QUERY_LEAD_INS = new Set(['for', 'on', 'about', 'the', 'a', 'an', 'to', 'handle', 'fix']);

/** "what's the runbook for HighErrorRate?", "HighErrorRateのランブックを見せて". */
const runbookIntent: IntentRule = (sentence) => {
  // "how do I fix HighLatency?", "DeployFailedはどう対応すればいい？": how to handle a named alert is its runbook.
  const howTo = alertNameIn(sentence) && mentions(sentence, HANDLING);
  // "what are the steps when the auth session store dies?": the trouble, in the asker's words, finds the runbook.
  const trouble = mentions(sentence, STEPS) ? troubleIn(sentence) : undefined;
  if (!mentions(sentence, RUNBOOK) && !howTo && !trouble) return undefined;
  const at = sentence.words.findIndex((word) => RUNBOOK.includes(word));
  let after = at === -1 ? [] : sentence.tokens.slice(at + 1);
  while (after.length && QUERY_LEAD_INS.has(after[0]!.word)) after = after.slice(1);
  const query = alertNameIn(sentence) ?? trouble ?? servicesIn(sentence)[0] ?? (joinText(after).replace(/[?!.]+$/, '') || undefined);
  if (!query) return ask('runbook', {}, 'Runbook for which alert or service? e.g. runbook HighErrorRate.');
  return found('runbook', { query: clip(query, 100) });
};

// The situation after "when"/"if" ("… when the api database connections run out?"), without articles.
function troubleIn(sentence: Sentence): string | undefined {
  const situation = /\b(?:when|if|once|after)\s+(.+?)[?!.。？]*$/iu.exec(sentence.text)?.[1];
  const words = situation?.split(/\s+/).filter((word) => !['the', 'a', 'an', 'our', 'we', 'it'].includes(word.toLowerCase()));
  return words?.length ? words.join(' ') : undefined;
}

/** "any alerts firing for frontend?", "frontendで発火中のアラートはある？". */
const alertsIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, ALERTS)) return undefined;
  return found('alerts_list', { service: servicesIn(sentence)[0], environment: environmentOf(sentence).environment, include_silenced: mentions(sentence, SILENCED) || undefined });
};

/**
 * Alerts, silences and runbooks. Unsilence and silence before the list, since "alerts silence …" also starts with "alerts";
 * the alert list is among the last intents, since alert words turn up in other requests.
 */
export const alertsDomain: Domain = {
  name: 'alerts',
  forms: [
    { order: 39, rule: unsilence },
    { order: 40, rule: silence },
    { order: 41, rule: alerts },
    { order: 42, rule: runbook },
  ],
  intents: [
    { order: 59, rule: unsilenceIntent },
    { order: 60, rule: silenceIntent },
    { order: 70, rule: runbookIntent },
    { order: 170, rule: alertsIntent },
  ],
};
