import { scanArguments, unknownWords } from './argument-scan.js';
import { call, incomplete, type ParsedCommand, type Phrasing, type Utterance } from './parsed-command.js';

/** `deploy history frontend`, `deploys frontend`, `history of frontend in staging`. */
const deployHistory: Phrasing = ({ tokens, words, vocabulary }) => {
  let rest: number;
  if (words[0] === 'deploys' || words[0] === 'history') rest = 1;
  else if (words[0] === 'deploy' && (words[1] === 'history' || words[1] === 'log')) rest = 2;
  else if ((words[0] === 'recent' || words[0] === 'last' || words[0] === 'latest') && words[1] === 'deploys') rest = 2;
  else return undefined;
  const remaining = tokens.slice(rest);
  const limitToken = remaining.find((token) => /^\d{1,2}$/.test(token.word));
  const scanned = scanArguments(remaining.filter((token) => token !== limitToken), vocabulary, ['history', 'deploys']);
  const args = { service: scanned.service, environment: scanned.environment, limit: limitToken ? Number(limitToken.word) : undefined };
  if (scanned.unknown.length) return incomplete('deploy', 'deploy_history', args, unknownWords(scanned.unknown, vocabulary));
  if (!scanned.service) return incomplete('deploy', 'deploy_history', args, `Which service? (${vocabulary.services.join(', ')})`);
  return call('deploy', 'deploy_history', args);
};

/** `what's deployed in production?`, `what is running in staging`, `which version of frontend is live`: the status overview. */
const whatIsDeployed: Phrasing = ({ tokens, words, vocabulary }) => {
  const asks = ['what', "what's", 'whats', 'which'].includes(words[0] ?? '');
  const about = words.some((word) => ['deployed', 'running', 'live', 'versions'].includes(word)) || (words[0] === 'which' && words[1] === 'version');
  if (!asks || !about) return undefined;
  const scanned = scanArguments(tokens.slice(1), vocabulary, ['deployed', 'running', 'live', 'versions', 'which', 'where']);
  if (scanned.unknown.length) return undefined;
  return call('status', 'service_status', { service: scanned.service, environment: scanned.environment });
};

/** `deploy frontend v2.4.0 to staging`, `/deploy frontend v2.4.0 staging`, `ship v2.4.0 of frontend to prod`. */
const deploy: Phrasing = ({ tokens, words, vocabulary }) => {
  if (!['deploy', 'ship', 'push'].includes(words[0] ?? '')) return undefined;
  const scanned = scanArguments(tokens.slice(1), vocabulary);
  // `deploy! …` (hubot-deploy's force): skip required checks and locks; policy decides who may (`deploy:force`).
  const force = tokens[0]!.text.endsWith('!') || undefined;
  const args = { service: scanned.service, version: scanned.version, environment: scanned.environment, force };
  if (tokens.length === 1) return incomplete('deploy', 'deploy', args, 'What should I deploy, and where?');
  return missing('deploy', 'deploy', args, scanned.unknown.length ? unknownWords(scanned.unknown, vocabulary) : undefined, [
    [!scanned.service, `Which service? (${vocabulary.services.join(', ')})`],
    [!scanned.version, 'Which version? (e.g. v2.4.0)'],
    [!scanned.environment, `Which environment? I don't guess for deploys (${vocabulary.environments.join(', ')}).`],
  ]);
};

/** `rollback auth in production`, `roll back auth to v3.1.0 in staging`, `revert payments prod`. */
const rollback: Phrasing = ({ tokens, words, vocabulary }: Utterance) => {
  let rest: number;
  if (words[0] === 'rollback' || words[0] === 'revert') rest = 1;
  else if (words[0] === 'roll' && words[1] === 'back') rest = 2;
  else return undefined;
  const scanned = scanArguments(tokens.slice(rest), vocabulary, ['back']);
  const args = { service: scanned.service, environment: scanned.environment, version: scanned.version };
  return missing('rollback', 'rollback', args, scanned.unknown.length ? unknownWords(scanned.unknown, vocabulary) : undefined, [
    [!scanned.service, `Which service? (${vocabulary.services.join(', ')})`],
    [!scanned.environment, `Which environment? I don't guess for rollbacks (${vocabulary.environments.join(', ')}).`],
  ]);
};

/** `lock frontend in production "migrating db"`, `unlock frontend in production`. */
const lock: Phrasing = ({ tokens, words, vocabulary }) => {
  const verb = words[0] === 'lock' || (words[0] === 'deploy' && words[1] === 'lock') ? 'lock' : words[0] === 'unlock' || (words[0] === 'deploy' && words[1] === 'unlock') ? 'unlock' : undefined;
  if (!verb) return undefined;
  const scanned = scanArguments(tokens.slice(words[0] === 'deploy' ? 2 : 1), vocabulary, ['deploys', 'because']);
  const tool = verb === 'lock' ? 'deploy_lock' : 'deploy_unlock';
  const reason = verb === 'lock' ? scanned.unknown.map((token) => token.text).join(' ') || undefined : undefined;
  const args = { service: scanned.service, environment: scanned.environment, reason };
  return missing('deploy', tool, args, verb === 'unlock' && scanned.unknown.length ? unknownWords(scanned.unknown, vocabulary) : undefined, [
    [!scanned.service, `Which service? (${vocabulary.services.join(', ')})`],
    [!scanned.environment, `Which environment? (${vocabulary.environments.join(', ')})`],
    [verb === 'lock' && !reason, 'Why? e.g. lock frontend in production "migrating db"'],
  ]);
};

// The first problem wins, so the answer asks one clear question at a time.
function missing(command: 'deploy' | 'rollback', tool: string, args: Record<string, unknown>, unknown: string | undefined, checks: Array<[boolean, string]>): ParsedCommand {
  if (unknown) return incomplete(command, tool, args, unknown);
  const problem = checks.find(([failed]) => failed);
  return problem ? incomplete(command, tool, args, problem[1]) : call(command, tool, args);
}

/** Deploys, locks and rollbacks; history first, since "deploy history" also starts with "deploy". */
export const deployPhrasings: readonly Phrasing[] = [deployHistory, lock, whatIsDeployed, deploy, rollback];
