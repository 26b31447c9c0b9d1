import { alertPhrasings } from './alert-phrasings.js';
import { COMMAND_SPECS } from './command-specs.js';
import { dashboardPhrasings } from './dashboard-phrasings.js';
import { deployPhrasings } from './deploy-phrasings.js';
import { incidentPhrasings } from './incident-phrasings.js';
import { parseIntent } from './intent-parser.js';
import { onCallPhrasings } from './oncall-phrasings.js';
import type { CommandName, ParsedCommand, Phrasing } from './parsed-command.js';
import { recordPhrasings } from './record-phrasings.js';
import { releasePhrasings } from './release-phrasings.js';
import { statusPhrasings } from './status-phrasings.js';
import { toUtterance } from './utterance.js';
import type { VocabularyConfig } from './vocabulary.js';

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
const PHRASINGS: readonly Phrasing[] = [help, ...dashboardPhrasings, ...recordPhrasings, ...releasePhrasings, ...incidentPhrasings, ...alertPhrasings, ...onCallPhrasings, ...deployPhrasings, ...statusPhrasings];

/**
 * The offline router's parser: pure, deterministic, text → tool call. Shared by the chat router and the Slack
 * slash commands (`parseCommand('/deploy frontend v2.4.0 staging', config)`). The strict command grammar goes
 * first; what it cannot complete goes to the intent layer, which reads simple English and Japanese. When the
 * grammar recognised a command but found it incomplete, the intent layer may only finish or re-ask that same
 * tool: an explicit command word is not overridden by a keyword found elsewhere in the text.
 */
export function parseCommand(text: string, config: VocabularyConfig): ParsedCommand {
  const utterance = toUtterance(text, config);
  let classic: ParsedCommand | undefined;
  for (const phrasing of PHRASINGS) {
    classic = phrasing(utterance);
    if (classic) break;
  }
  if (classic?.kind === 'call' || classic?.kind === 'help') return classic;
  const understood = parseIntent(text, config);
  if (!classic) return understood ?? { kind: 'unknown', text };
  // A command whose only words were unknown is not finished by dropping them: `status ../../etc/passwd` answered
  // with every service would answer a question nobody asked; the grammar's "I don't know …" stands.
  const sameTool = understood && 'tool' in understood && 'tool' in classic && understood.tool === classic.tool;
  const onlyDropsWords = understood?.kind === 'call' && classic.kind === 'incomplete' && Object.keys(classic.args).length === 0 && Object.keys(understood.args).length === 0;
  return sameTool && !onlyDropsWords ? understood : classic;
}
