import { commandWords } from '../command-table.js';
import type { Domain } from '../domain.js';
import type { Phrasing } from '../parsed-command.js';

const GREETINGS = new Set(['hi', 'hello', 'hey', 'hiya', 'howdy', 'yo', 'morning', 'good morning', 'good afternoon', 'good evening', 'こんにちは', 'おはよう', 'おはようございます', 'こんばんは', 'やあ']);
const THANKS = new Set(['thanks', 'thank you', 'thx', 'ty', 'cheers', 'thanks a lot', 'thank you very much', 'many thanks', 'great thanks', 'ありがとう', 'ありがとうございます', 'どうも', 'サンキュー', '助かりました', '助かる']);

/** `help`, `help deploy`, `commands`, `what can you do?`, `ヘルプ`. */
const help: Phrasing = ({ words, commands }) => {
  const asksHelp = ['help', 'commands', '?', 'usage', 'ヘルプ'].includes(words[0] ?? '') || (words[0] === 'what' && words[1] === 'can' && words.includes('do'));
  if (words.length > 0 && !asksHelp) return undefined;
  const topic = words[1]?.replace(/^[/!]/, '');
  const known = topic !== undefined && commandWords(commands).includes(topic);
  return known ? { kind: 'help', topic } : { kind: 'help' };
};

/** "hi", "thanks!", "ありがとう": a short friendly answer rather than "I didn't understand". */
const smallTalk: Phrasing = ({ text }) => {
  const said = text.normalize('NFKC').toLowerCase().replace(/<@[A-Z0-9]+>|@?opsbot/g, '').replace(/[!.?,。！？、~〜\s]+/g, ' ').trim();
  if (GREETINGS.has(said)) return { kind: 'chat', reply: 'Hi! Ask me about a service ("status api"), a deploy, or who is on call; "help" lists what you may run.' };
  if (THANKS.has(said) || THANKS.has(said.replace(/ (opsbot|bot|so much|a lot)$/, ''))) return { kind: 'chat', reply: "You're welcome." };
  return undefined;
};

/** Help and small talk: asked first, since neither names a tool. */
export const conversationDomain: Domain = {
  name: 'conversation',
  forms: [
    // Small talk first: "hi" alone is all address words, which the help form reads as an empty message.
    { order: 0, rule: smallTalk },
    { order: 1, rule: help },
  ],
  intents: [],
};
