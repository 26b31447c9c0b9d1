import type { Config } from '../../config/schema.js';
import { alertPhrasings } from './alert-phrasings.js';
import { COMMAND_SPECS } from './command-specs.js';
import { deployPhrasings } from './deploy-phrasings.js';
import { incidentPhrasings } from './incident-phrasings.js';
import { onCallPhrasings } from './oncall-phrasings.js';
import type { CommandName, ParsedCommand, Phrasing } from './parsed-command.js';
import { recordPhrasings } from './record-phrasings.js';
import { releasePhrasings } from './release-phrasings.js';
import { statusPhrasings } from './status-phrasings.js';
import { toUtterance } from './utterance.js';

// Slash commands show a usage line per command; exported here so they import the parser and usage from one place.
export { usage } from './command-specs.js';

const COMMAND_NAMES = new Set<string>(COMMAND_SPECS.map((spec) => spec.command));

/** `help`, `help deploy`, `commands`, `what can you do?`. */
const help: Phrasing = ({ words }) => {
  const asksHelp = ['help', 'commands', '?', 'usage'].includes(words[0] ?? '') || (words[0] === 'what' && words[1] === 'can' && words.includes('do'));
  if (words.length > 0 && !asksHelp) return undefined;
  const topic = words[1]?.replace(/^[/!]/, '');
  return topic && COMMAND_NAMES.has(topic) ? { kind: 'help', topic: topic as CommandName } : { kind: 'help' };
};

/**
 * Order matters where phrasings share a first word: records and releases are unambiguous; incidents before
 * on-call ("incident commander"); on-call and paging before status ("who is…" vs "is…"); deploy history before
 * deploy; load before status.
 */
const PHRASINGS: readonly Phrasing[] = [help, ...recordPhrasings, ...releasePhrasings, ...incidentPhrasings, ...alertPhrasings, ...onCallPhrasings, ...deployPhrasings, ...statusPhrasings];

/**
 * The offline router's parser: pure, deterministic, text → tool call. Shared by the chat router and the Slack
 * slash commands (`parseCommand('/deploy frontend v2.4.0 staging', config)`).
 */
export function parseCommand(text: string, config: Pick<Config, 'services' | 'environments' | 'teams'>): ParsedCommand {
  const utterance = toUtterance(text, config);
  for (const phrasing of PHRASINGS) {
    const parsed = phrasing(utterance);
    if (parsed) return parsed;
  }
  return { kind: 'unknown', text };
}
