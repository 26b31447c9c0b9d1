import { scanArguments, unknownWords } from '../argument-scan.js';
import type { Domain } from '../domain.js';
import { clip, environmentOf, nearMisses, quotedIn, servicesIn, versionIn } from '../intent-arguments.js';
import { ask, found, type IntentRule } from '../intent-rule.js';
import { DEPLOY, DEPLOYS, GET_OUT, HISTORY, LOCK, ROLLBACK, UNLOCK } from '../intent-vocabulary.js';
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
  // `deploy! …` (hubot-deploy's force): skip required checks and locks; policy decides who may (`deploy:force`).
  const force = tokens[0]!.text.endsWith('!') || undefined;
  const args = { service: scanned.service ?? channelService, version: scanned.version, environment: scanned.environment, force };
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

/** `lock frontend in production "migrating db"`, `deploy lock …`, `unlock frontend in production`, `deploy unlock …`. */
const lock: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  const worded = words[0] === 'deploy' || words[0] === 'deploys';
  const verb = worded ? words[1] : words[0];
  if (verb !== 'lock' && verb !== 'unlock') return undefined;
  const scanned = scanArguments(tokens.slice(worded ? 2 : 1), vocabulary, ['deploys', 'because']);
  const tool = verb === 'lock' ? 'deploy_lock' : 'deploy_unlock';
  // Whatever is not a name is the lock's reason (quoted or not); an unlock has none, so such words are unknown.
  const reason = verb === 'lock' ? scanned.unknown.map((token) => token.text).join(' ') || undefined : undefined;
  const args = { service: scanned.service ?? channelService, environment: scanned.environment, reason };
  return missing(tool, args, verb === 'unlock' && scanned.unknown.length ? unknownWords(scanned.unknown, vocabulary) : undefined, [
    [!args.service, `Which service? (${vocabulary.services.join(', ')})`],
    [!scanned.environment, `Which environment? (${vocabulary.environments.join(', ')})`],
    [verb === 'lock' && !reason, 'Why? e.g. lock frontend in production "migrating db"'],
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
const deployIntent: IntentRule = (sentence) => (!asksForChange(sentence) || !(mentions(sentence, DEPLOY) || GET_OUT.test(sentence.text) || endsWithDeploy(sentence)) ? undefined : serviceChange('deploy', sentence));

// "認証 v3.2.1 をステージングにデプロイ": a Japanese request may end on the noun, with the verb left unsaid.
function endsWithDeploy(sentence: Sentence): boolean {
  return isJapanese(sentence.text) && /デプロイ(?:で|を)?[。！!\s]*$/u.test(sentence.text);
}

/** "unlock frontend in production", "本番のfrontendのデプロイロックを解除して"; before a lock, which "ロックを解除" also mentions. */
const unlockIntent: IntentRule = (sentence) => (mentions(sentence, UNLOCK) && asksForChange(sentence) ? lockChange('deploy_unlock', sentence) : undefined);

/** "freeze deploys of api in staging because of the db migration", "本番のfrontendのデプロイをロックして。理由は「DB移行中」". */
const lockIntent: IntentRule = (sentence) => (mentions(sentence, LOCK) && asksForChange(sentence) ? lockChange('deploy_lock', sentence) : undefined);

// The reason of a lock: quoted, or after "because" / 理由は.
function lockReason(sentence: Sentence): string | undefined {
  const quoted = quotedIn(sentence);
  if (quoted) return clip(quoted, 200);
  const after = /(?:\bbecause(?: of)?|理由は|理由:|理由：)\s*(.+)$/iu.exec(sentence.text)?.[1]?.replace(/[。.!！]+$/u, '').trim();
  return clip(after || undefined, 200);
}

// A lock names one service and one environment, said rather than guessed, like the deploys it stops.
function lockChange(tool: 'deploy_lock' | 'deploy_unlock', sentence: Sentence): ParsedCommand {
  const { vocabulary } = sentence;
  const named = servicesIn(sentence);
  const services = named.length ? named : sentence.channelService ? [sentence.channelService] : [];
  const { environment, ambiguous } = environmentOf(sentence);
  const reason = tool === 'deploy_lock' ? lockReason(sentence) : undefined;
  const args = { service: services.length === 1 ? services[0] : undefined, environment, reason };
  const typos = nearMisses(sentence);
  const checks: Array<[boolean, string]> = [
    [typos.length > 0, unknownWords(typos, vocabulary)],
    [services.length !== 1, services.length > 1 ? `Which service: ${services.join(' or ')}? One at a time.` : `Which service? (${vocabulary.services.join(', ')})`],
    [Boolean(ambiguous) || !environment, `Which environment? (${vocabulary.environments.join(', ')})`],
    [tool === 'deploy_lock' && !reason, 'Why? e.g. lock frontend in production "migrating db"'],
  ];
  const problem = checks.find(([failed]) => failed);
  return problem ? ask(tool, args, problem[1]) : found(tool, args);
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
 * Deploys, locks, rollbacks and deploy history. Locks and history first, since "deploy list" also starts with "deploy"; among
 * intents, a rollback before history ("roll back payments, the last deploy broke checkout") and history
 * before a deploy ("when was auth last deployed?").
 */
export const deploysDomain: Domain = {
  name: 'deploys',
  forms: [
    // Before history and deploy, since "deploy lock …" also starts with "deploy".
    { order: 59, rule: lock },
    { order: 60, rule: deployHistory },
    { order: 62, rule: deploy },
    { order: 63, rule: rollback },
  ],
  intents: [
    // Locks before rollbacks and deploys, whose words ("デプロイをロックして") they contain.
    { order: 97, rule: unlockIntent },
    { order: 98, rule: lockIntent },
    { order: 100, rule: rollbackIntent },
    { order: 120, rule: historyIntent },
    { order: 130, rule: deployIntent },
  ],
};
