import { scanArguments, unknownWords } from '../argument-scan.js';
import type { Domain } from '../domain.js';
import { environmentOf, nearMisses, servicesIn, versionIn } from '../intent-arguments.js';
import { ask, found, type IntentRule } from '../intent-rule.js';
import { DEPLOY, DEPLOYS, HISTORY, ROLLBACK } from '../intent-vocabulary.js';
import { call, incomplete, type ParsedCommand, type Phrasing, type Utterance } from '../parsed-command.js';
import { asksForChange, isJapanese, mentions, phraseIndex, type Sentence } from '../sentence.js';

/** `deploy list` (every service), `deploy list frontend`, `deploy history frontend`, `deploys frontend`, `history of frontend in staging`. */
const deployHistory: Phrasing = ({ tokens, words, vocabulary }) => {
  let rest: number;
  if (words[0] === 'deploys' || words[0] === 'history' || words[0] === 'deployments') rest = 1;
  else if ((words[0] === 'deploy' || words[0] === 'deploys') && ['history', 'log', 'list', 'ls', 'recent'].includes(words[1] ?? '')) rest = 2;
  else if ((words[0] === 'recent' || words[0] === 'last' || words[0] === 'latest') && words[1] === 'deploys') rest = 2;
  else return undefined;
  const remaining = tokens.slice(rest);
  const limitToken = remaining.find((token) => /^\d{1,2}$/.test(token.word));
  const scanned = scanArguments(remaining.filter((token) => token !== limitToken), vocabulary, ['history', 'deploys']);
  const args = { service: scanned.service, environment: scanned.environment, limit: limitToken ? Number(limitToken.word) : undefined };
  if (scanned.unknown.length) return incomplete('deploy_history', args, unknownWords(scanned.unknown, vocabulary));
  return call('deploy_history', args);
};

/** `deploy frontend v2.4.0 to staging`, `/deploy frontend v2.4.0 staging`, `ship v2.4.0 of frontend to prod`. */
const deploy: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  if (!['deploy', 'ship', 'push'].includes(words[0] ?? '')) return undefined;
  const scanned = scanArguments(tokens.slice(1), vocabulary);
  const args = { service: scanned.service ?? channelService, version: scanned.version, environment: scanned.environment };
  if (tokens.length === 1) return incomplete('deploy', args, 'What should I deploy, and where?');
  return missing('deploy', args, scanned.unknown.length ? unknownWords(scanned.unknown, vocabulary) : undefined, [
    [!args.service, `Which service? (${vocabulary.services.join(', ')})`],
    [!scanned.version, 'Which version? (e.g. v2.4.0)'],
    [!scanned.environment, `Which environment? I don't guess for deploys (${vocabulary.environments.join(', ')}).`],
  ]);
};

/** `rollback auth in production`, `roll back auth to v3.1.0 in staging`, `revert payments prod`. */
const rollback: Phrasing = ({ tokens, words, vocabulary, channelService }: Utterance) => {
  let rest: number;
  if (words[0] === 'rollback' || words[0] === 'revert') rest = 1;
  else if (words[0] === 'roll' && words[1] === 'back') rest = 2;
  else return undefined;
  const scanned = scanArguments(tokens.slice(rest), vocabulary, ['back']);
  const args = { service: scanned.service ?? channelService, environment: scanned.environment, version: scanned.version };
  return missing('rollback', args, scanned.unknown.length ? unknownWords(scanned.unknown, vocabulary) : undefined, [
    [!args.service, `Which service? (${vocabulary.services.join(', ')})`],
    [!scanned.environment, `Which environment? I don't guess for rollbacks (${vocabulary.environments.join(', ')}).`],
  ]);
};

// The first problem wins, so the answer asks one clear question at a time.
function missing(tool: string, args: Record<string, unknown>, unknown: string | undefined, checks: Array<[boolean, string]>): ParsedCommand {
  if (unknown) return incomplete(tool, args, unknown);
  const problem = checks.find(([failed]) => failed);
  return problem ? incomplete(tool, args, problem[1]) : call(tool, args);
}

/** "what changed in payments recently? any deploys?", "paymentsの最近のデプロイ履歴は？", "when was auth last deployed?". */
const historyIntent: IntentRule = (sentence) => {
  const aboutDeploys = mentions(sentence, DEPLOYS) || (sentence.question && mentions(sentence, DEPLOY));
  const whatChanged = phraseIndex(sentence, 'what changed') !== -1 || phraseIndex(sentence, "what's changed") !== -1;
  if (!whatChanged && !(aboutDeploys && (sentence.question || mentions(sentence, HISTORY)))) return undefined;
  // No service named: the recent deploys of every service.
  return found('deploy_history', { service: servicesIn(sentence)[0], environment: environmentOf(sentence).environment });
};

/** "roll back payments in production, the last deploy broke checkout", "本番のpaymentsをロールバックして". */
const rollbackIntent: IntentRule = (sentence) => {
  // "roll frontend back" splits the verb around its object.
  const split = sentence.words.indexOf('roll') !== -1 && sentence.words.indexOf('back') > sentence.words.indexOf('roll');
  return !asksForChange(sentence) || !(mentions(sentence, ROLLBACK) || split) ? undefined : serviceChange('rollback', sentence);
};

/** "ship api v1.9.0 to prod", "frontend v2.4.0 を staging にデプロイして". */
const deployIntent: IntentRule = (sentence) => (!asksForChange(sentence) || !(mentions(sentence, DEPLOY) || endsWithDeploy(sentence)) ? undefined : serviceChange('deploy', sentence));

// "認証 v3.2.1 をステージングにデプロイ": a Japanese request may end on the noun, with the verb left unsaid.
function endsWithDeploy(sentence: Sentence): boolean {
  return isJapanese(sentence.text) && /デプロイ(?:で|を)?[。！!\s]*$/u.test(sentence.text);
}

/**
 * Deploys and rollbacks: one named service, a version for deploys, and the environment always said, never
 * guessed. A typo of a name, two services or two environments get a question rather than a pick.
 */
function serviceChange(tool: 'deploy' | 'rollback', sentence: Sentence): ParsedCommand {
  const { vocabulary } = sentence;
  const named = servicesIn(sentence);
  // In a service's own channel the service may be left out.
  const services = named.length ? named : sentence.channelService ? [sentence.channelService] : [];
  const { environment, ambiguous } = environmentOf(sentence);
  const args = { service: services.length === 1 ? services[0] : undefined, version: versionIn(sentence), environment };
  const typos = nearMisses(sentence);
  const checks: Array<[boolean, string]> = [
    [typos.length > 0, unknownWords(typos, vocabulary)],
    [services.length > 1, `Which service: ${services.join(' or ')}? One ${tool} at a time.`],
    [services.length === 0, `Which service? (${vocabulary.services.join(', ')})`],
    [tool === 'deploy' && !args.version, 'Which version? (e.g. v2.4.0)'],
    [Boolean(ambiguous), `Which environment: ${ambiguous?.join(' or ')}? One ${tool} at a time.`],
    [!environment, `Which environment? I don't guess for ${tool}s (${vocabulary.environments.join(', ')}).`],
  ];
  const problem = checks.find(([failed]) => failed);
  return problem ? ask(tool, args, problem[1]) : found(tool, args);
}

/**
 * Deploys, rollbacks and deploy history. History first, since "deploy list" also starts with "deploy"; among
 * intents, a rollback before history ("roll back payments, the last deploy broke checkout") and history
 * before a deploy ("when was auth last deployed?").
 */
export const deploysDomain: Domain = {
  name: 'deploys',
  forms: [
    { order: 60, rule: deployHistory },
    { order: 62, rule: deploy },
    { order: 63, rule: rollback },
  ],
  intents: [
    { order: 100, rule: rollbackIntent },
    { order: 120, rule: historyIntent },
    { order: 130, rule: deployIntent },
  ],
};
