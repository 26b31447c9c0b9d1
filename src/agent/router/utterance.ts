import { channelServiceOf, type ParseOptions } from './channel-service.js';
import { commandTable } from './command-table.js';
import type { Utterance } from './parsed-command.js';
import { type Token, tokenize } from './tokens.js';
import { type VocabularyConfig, vocabularyOf } from './vocabulary.js';

// Words that address the bot or ask politely; they carry no meaning for the command.
const ADDRESS = new Set(['opsbot', '@opsbot', 'hubot', '@hubot', 'hey', 'hi', 'ok', 'okay', 'please', 'pls', 'plz', 'kindly']);
const ASKING = [['can', 'you'], ['could', 'you'], ['would', 'you'], ['will', 'you']];
const TRAILING = new Set(['please', 'pls', 'plz', 'thanks', 'thx', 'ty']);

/** Prepares a message for the phrasings: tokens, then the bot's name, politeness and a leading `/` or `!` removed. */
export function toUtterance(text: string, config: VocabularyConfig, place: ParseOptions = {}): Utterance {
  let tokens = tokenize(text.trim());
  let changed = true;
  while (changed && tokens.length > 0) {
    changed = false;
    const first = tokens[0]!;
    if (ADDRESS.has(first.word) || (/^<@[A-Z0-9]+>$/.test(first.text) && tokens.length > 1)) {
      tokens = tokens.slice(1);
      changed = true;
      continue;
    }
    const asking = ASKING.find((pair) => tokens[0]?.word === pair[0] && tokens[1]?.word === pair[1]);
    if (asking) {
      tokens = tokens.slice(2);
      changed = true;
    }
  }
  while (tokens.length > 1 && TRAILING.has(tokens[tokens.length - 1]!.word)) tokens = tokens.slice(0, -1);
  if (tokens.length > 0) tokens = [stripSigil(tokens[0]!), ...tokens.slice(1)];
  tokens = tokens.filter((token) => token.word !== '' || token.quoted);
  const vocabulary = vocabularyOf(config);
  const channelService = channelServiceOf(vocabulary, place);
  return { text, tokens, words: tokens.map((token) => token.word), vocabulary, commands: commandTable(config), ...(channelService ? { channelService } : {}), ...(place.channel ? { channel: place.channel } : {}) };
}

// `/deploy` (a slash command) and `!ic` (classic chatops) mean the same as `deploy` and `ic`.
function stripSigil(token: Token): Token {
  if (token.quoted || !/^[/!.]\S/.test(token.text)) return token;
  return { ...token, text: token.text.slice(1), word: token.word.replace(/^[/!.]/, '') };
}
