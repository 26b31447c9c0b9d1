import { deployIntent, releaseIntent, rollbackIntent, silenceIntent, unsilenceIntent } from './intent-change-rules.js';
import { actionIntent, auditIntent, declareIntent, incidentByIdIntent, incidentsIntent, incidentWithoutIdIntent } from './intent-incident-rules.js';
import { contactIntent, onCallIntent, pageIntent } from './intent-people-rules.js';
import { alertsIntent, historyIntent, metricsIntent, runbookIntent, statusIntent, watchIntent } from './intent-read-rules.js';
import type { IntentRule } from './intent-rule.js';
import type { ParsedCommand } from './parsed-command.js';
import { toSentence } from './sentence.js';
import type { VocabularyConfig } from './vocabulary.js';

/**
 * First match wins, so the order is the tie-break between keywords a sentence shares: ids before words; the
 * specific before the broad; changes before reads ("roll back payments, the last deploy broke checkout" is a
 * rollback, not history); pages before on-call ("page the platform on-call"); on-call before incidents
 * ("incident commander"); alerts, load and health last, since their words turn up in every other request.
 */
const RULES: readonly IntentRule[] = [
  actionIntent,
  auditIntent,
  incidentByIdIntent,
  declareIntent,
  incidentWithoutIdIntent,
  unsilenceIntent,
  silenceIntent,
  runbookIntent,
  pageIntent,
  contactIntent,
  rollbackIntent,
  releaseIntent,
  historyIntent,
  deployIntent,
  watchIntent,
  onCallIntent,
  incidentsIntent,
  alertsIntent,
  metricsIntent,
  statusIntent,
];

/**
 * The deterministic intent layer: simple English and Japanese read by keywords and by names found anywhere in
 * the text. Used after the strict command grammar; undefined when no intent is recognised.
 */
export function parseIntent(text: string, config: VocabularyConfig): ParsedCommand | undefined {
  const sentence = toSentence(text, config);
  if (sentence.tokens.length === 0) return undefined;
  for (const rule of RULES) {
    const parsed = rule(sentence);
    if (parsed) return parsed;
  }
  return undefined;
}
