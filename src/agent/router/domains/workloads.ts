import { scanArguments, unknownWords } from '../argument-scan.js';
import type { Domain } from '../domain.js';
import { environmentOf, nearMisses, serviceOf, servicesIn } from '../intent-arguments.js';
import { ask, found, type IntentRule } from '../intent-rule.js';
import { call, incomplete, type ParsedCommand, type Phrasing } from '../parsed-command.js';
import { asksForChange, mentions, type Sentence } from '../sentence.js';
import type { Token } from '../tokens.js';
import type { Vocabulary } from '../vocabulary.js';

/** A crashing container, said the ways people say it. */
const CRASHING = ['crashloop', 'crashlooping', 'crash looping', 'crashloopbackoff', 'crashing', 'crashes', 'crashed', 'oomkilled', 'oom', 'restarting', 'keeps restarting', 'クラッシュ', '再起動を繰り返'];

/** kubectl-style flags (`-n shop`, `--namespace=shop`, `--previous`) pulled out of the tokens, the rest left to scan. */
function flags(tokens: Token[], withValue: Record<string, string>, bare: Record<string, string>): { values: Record<string, string>; rest: Token[] } {
  const values: Record<string, string> = {};
  const rest: Token[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const word = tokens[index]!.word;
    const [name, inline] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), tokens[index]!.text.slice(word.indexOf('=') + 1)] : [word, undefined];
    if (withValue[name] && (inline !== undefined || tokens[index + 1])) {
      values[withValue[name]] = inline ?? tokens[index + 1]!.text;
      if (inline === undefined) index += 1;
    } else if (bare[name]) {
      values[bare[name]] = 'true';
    } else {
      rest.push(tokens[index]!);
    }
  }
  return { values, rest };
}

// The first problem wins, so the answer asks one clear question at a time.
function missing(tool: string, args: Record<string, unknown>, unknown: Token[], vocabulary: Vocabulary, checks: Array<[boolean, string]>): ParsedCommand {
  if (unknown.length) return incomplete(tool, args, unknownWords(unknown, vocabulary));
  const problem = checks.find(([failed]) => failed);
  return problem ? incomplete(tool, args, problem[1]) : call(tool, args);
}

const whichService = (vocabulary: Vocabulary) => `Which service? (${vocabulary.services.join(', ')})`;
const whichEnvironment = (vocabulary: Vocabulary, what: string) => `Which environment? I don't guess for ${what} (${vocabulary.environments.join(', ')}).`;

/** `get pods`, `get pods -n production`, `get pods -n shop checkout`, `pods frontend staging`. */
const getPods: Phrasing = ({ tokens, words, vocabulary }) => {
  const start = words[0] === 'get' && ['pods', 'pod', 'po'].includes(words[1] ?? '') ? 2 : words[0] === 'pods' ? 1 : 0;
  if (start === 0) return undefined;
  const { values, rest } = flags(tokens.slice(start), { '-n': 'namespace', '--namespace': 'namespace' }, {});
  const scanned = scanArguments(rest, vocabulary);
  // `-n production` names an environment; any other value is a namespace the tool checks against the allowed ones.
  const namedEnvironment = values.namespace ? vocabulary.environment(values.namespace.toLowerCase()) : undefined;
  const args = { service: scanned.service, environment: namedEnvironment ?? scanned.environment, namespace: namedEnvironment ? undefined : values.namespace };
  return missing('pods', args, scanned.unknown, vocabulary, []);
};

/** `logs checkout`, `logs checkout production -n 100 --previous`, `logs payments -p`. */
const logs: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  if (words[0] !== 'logs' && words[0] !== 'log') return undefined;
  const { values, rest } = flags(tokens.slice(1), { '-n': 'lines', '--tail': 'lines' }, { '--previous': 'previous', '-p': 'previous', previous: 'previous' });
  const lines = values.lines === undefined ? undefined : Number(values.lines);
  const scanned = scanArguments(rest, vocabulary);
  const args = { service: scanned.service ?? channelService, environment: scanned.environment, lines, previous: values.previous ? true : undefined };
  return missing('pod_logs', args, scanned.unknown, vocabulary, [
    [!args.service, whichService(vocabulary)],
    [lines !== undefined && !(Number.isInteger(lines) && lines >= 1 && lines <= 500), 'How many lines? -n takes 1 to 500.'],
  ]);
};

/** `scale frontend 5 in production`, `scale frontend to 5 production`, `scale deployment/frontend --replicas=5 production`. */
const scale: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  if (words[0] !== 'scale') return undefined;
  const { values, rest } = flags(tokens.slice(1).map((token) => ({ ...token, word: token.word.replace(/^deployment\//, '') })), { '--replicas': 'replicas' }, {});
  const count = rest.find((token) => /^\d{1,3}$/.test(token.word));
  const replicas = values.replicas ?? count?.word;
  const scanned = scanArguments(rest.filter((token) => token !== count), vocabulary, ['replicas', 'deployment', 'pods']);
  const args = { service: scanned.service ?? channelService, replicas: replicas === undefined ? undefined : Number(replicas), environment: scanned.environment };
  return missing('scale', args, scanned.unknown, vocabulary, [
    [!args.service, whichService(vocabulary)],
    [args.replicas === undefined || !Number.isInteger(args.replicas), 'How many replicas? e.g. scale frontend 5 in production'],
    [!scanned.environment, whichEnvironment(vocabulary, 'scaling')],
  ]);
};

/** `restart auth in production`, `rollout restart auth production`, `rollout undo payments in production`. */
const restartOrUndo: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  let tool: 'restart' | 'rollout_undo';
  let start: number;
  if (words[0] === 'restart') [tool, start] = ['restart', 1];
  else if (words[0] === 'rollout' && words[1] === 'restart') [tool, start] = ['restart', 2];
  else if (words[0] === 'rollout' && words[1] === 'undo') [tool, start] = ['rollout_undo', 2];
  else return undefined;
  const scanned = scanArguments(tokens.slice(start).map((token) => ({ ...token, word: token.word.replace(/^deployment\//, '') })), vocabulary, ['deployment', 'pods']);
  const args = { service: scanned.service ?? channelService, environment: scanned.environment };
  return missing(tool, args, scanned.unknown, vocabulary, [
    [!args.service, whichService(vocabulary)],
    [!scanned.environment, whichEnvironment(vocabulary, tool === 'restart' ? 'restarts' : 'rollbacks')],
  ]);
};

/** `describe frontend`, `describe deployment frontend staging`. */
const describe: Phrasing = ({ tokens, words, vocabulary, channelService }) => {
  if (words[0] !== 'describe') return undefined;
  const scanned = scanArguments(tokens.slice(1).map((token) => ({ ...token, word: token.word.replace(/^deployment\//, '') })), vocabulary, ['deployment', 'deploy']);
  const args = { service: scanned.service ?? channelService, environment: scanned.environment };
  return missing('workload_describe', args, scanned.unknown, vocabulary, [[!args.service, whichService(vocabulary)]]);
};

/** "why is checkout crashlooping?", "is payments crashing in staging?", "frontend keeps restarting": its pods, why they died. */
const crashIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, CRASHING)) return undefined;
  const args = { service: serviceOf(sentence), environment: environmentOf(sentence).environment };
  return args.service ? found('pods', args) : ask('pods', args, whichService(sentence.vocabulary));
};

const PODS = ['pods', 'pod', 'ポッド'];
const LOGS = ['logs'];
// ログ, but not ログイン (log in) or ログアウト (log out).
const JAPANESE_LOGS = /ログ(?!イン|アウト)/u;
const PREVIOUS = ['previous', 'crashed', '前回', '直前', 'クラッシュした'];
const DESCRIBE = ['describe', 'deployment details', 'デプロイメント'];
const SCALE = ['scale', 'scale up', 'scale down', 'スケール'];
const RESTART = ['restart', 'rollout restart', '再起動'];
const ROLLOUT = ['rollout undo', 'undo the rollout', 'ロールアウト'];

/** "本番のpaymentsのポッドを見せて", "show me the pods of frontend": a read of pods. */
const podsIntent: IntentRule = (sentence) => (mentions(sentence, PODS) && !mentionsLogs(sentence) ? found('pods', { service: serviceOf(sentence), environment: environmentOf(sentence).environment }) : undefined);

/** "paymentsの前回のコンテナのログを見せて", "show me the crashed container's logs for payments". */
const logsIntent: IntentRule = (sentence) => {
  if (!mentionsLogs(sentence) || mentions(sentence, ['audit', '監査'])) return undefined;
  // kubectl-style flags are the `logs` form's to read: a bad `-n` is asked about there, not dropped here.
  if (/(^|\s)(-n|--tail|-p|--previous)(\s|=|$)/.test(sentence.text)) return undefined;
  const args = { service: serviceOf(sentence), environment: environmentOf(sentence).environment, previous: mentions(sentence, PREVIOUS) || undefined };
  return args.service ? found('pod_logs', args) : ask('pod_logs', args, whichService(sentence.vocabulary));
};

function mentionsLogs(sentence: Sentence): boolean {
  return mentions(sentence, LOGS) || JAPANESE_LOGS.test(sentence.text);
}

/** "frontendのデプロイメントの詳細を見せて", "describe the api deployment in staging". */
const describeIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, DESCRIBE)) return undefined;
  const args = { service: serviceOf(sentence), environment: environmentOf(sentence).environment };
  return args.service ? found('workload_describe', args) : ask('workload_describe', args, whichService(sentence.vocabulary));
};

/** "本番のfrontendを5台にスケールして", "scale api up to 4 replicas in staging": a change, so the environment is said. */
const scaleIntent: IntentRule = (sentence) => {
  if (!mentions(sentence, SCALE) || !asksForChange(sentence)) return undefined;
  const count = /(?:^|[^\w.])(\d{1,3})\s*(?:台|個|replicas?|pods?|instances?)?(?![\w.])/u.exec(sentence.text.replace(/v?\d+\.\d+(\.\d+)?/g, ''))?.[1];
  return workloadChange('scale', sentence, { replicas: count === undefined ? undefined : Number(count) }, [[count === undefined, 'How many replicas? e.g. scale frontend 5 in production']]);
};

/** "stagingのauthを再起動して", "please restart payments in production". */
const restartIntent: IntentRule = (sentence) => (mentions(sentence, RESTART) && asksForChange(sentence) ? workloadChange('restart', sentence, {}, []) : undefined);

/** "本番のpaymentsのロールアウトを元に戻して", "undo the rollout of api in staging"; before a rollback of a deploy. */
const undoIntent: IntentRule = (sentence) => (mentions(sentence, ROLLOUT) && asksForChange(sentence) ? workloadChange('rollout_undo', sentence, {}, []) : undefined);

// The forms' words for each change, so a form and an intent ask the same question.
const CHANGE_NAMES: Record<string, string> = { scale: 'scaling', restart: 'restarts', rollout_undo: 'rollbacks' };

// One named service and a said environment, as every change: a typo or two names get a question, never a pick.
function workloadChange(tool: string, sentence: Sentence, extra: Record<string, unknown>, checks: Array<[boolean, string]>): ParsedCommand {
  const { vocabulary } = sentence;
  const named = servicesIn(sentence);
  const services = named.length ? named : sentence.channelService ? [sentence.channelService] : [];
  const { environment, ambiguous } = environmentOf(sentence);
  const args = { service: services.length === 1 ? services[0] : undefined, environment, ...extra };
  const typos = nearMisses(sentence);
  const problem = (
    [
      [typos.length > 0, unknownWords(typos, vocabulary)],
      [services.length !== 1, services.length > 1 ? `Which service: ${services.join(' or ')}? One at a time.` : whichService(vocabulary)],
      ...checks,
      [Boolean(ambiguous) || !environment, whichEnvironment(vocabulary, CHANGE_NAMES[tool] ?? 'changes')],
    ] as Array<[boolean, string]>
  ).find(([failed]) => failed);
  return problem ? ask(tool, args, problem[1]) : found(tool, args);
}

/** Kubernetes workloads: pods, logs, describe, scale, restart and rollout undo, in kubectl's own words. */
export const workloadsDomain: Domain = {
  name: 'workloads',
  forms: [
    { order: 40, rule: getPods },
    { order: 41, rule: logs },
    { order: 42, rule: scale },
    { order: 43, rule: restartOrUndo },
    { order: 44, rule: describe },
  ],
  // Before status, whose question words ("why is …") it shares, and before deploy rollbacks ("元に戻して").
  intents: [
    { order: 90, rule: crashIntent },
    { order: 91, rule: logsIntent },
    { order: 92, rule: podsIntent },
    { order: 93, rule: describeIntent },
    { order: 94, rule: scaleIntent },
    { order: 95, rule: restartIntent },
    { order: 96, rule: undoIntent },
  ],
};
