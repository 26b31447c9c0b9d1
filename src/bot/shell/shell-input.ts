/** What a line typed into the shell asks for: a shell command, or a message for opsbot. */
export type ShellInput =
  | { kind: 'empty' }
  | { kind: 'quit' }
  | { kind: 'help' }
  | { kind: 'whoami' }
  | { kind: 'actions' }
  | { kind: 'as'; user: string | undefined }
  /** `confirm ID`, `reject ID`; without an id (`y`, `n`, `confirm`) they apply to the last card shown. */
  | { kind: 'confirm' | 'reject'; actionId: string | undefined }
  | { kind: 'message'; text: string };

const YES = new Set(['y', 'yes', 'confirm', '/confirm', 'approve', '/approve']);
const NO = new Set(['n', 'no', 'reject', '/reject', 'deny', '/deny']);

/** Splits shell commands (identity, confirmations, quitting) from chat; pure, so it is tested on its own. */
export function parseShellInput(line: string): ShellInput {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  const [head = '', ...rest] = text.split(/\s+/);
  const command = head.toLowerCase();
  if (['/quit', '/exit', 'quit', 'exit', '/q'].includes(command) && rest.length === 0) return { kind: 'quit' };
  if ((command === 'help' || command === '/help') && rest.length === 0) return { kind: 'help' };
  if (command === '/whoami' || (command === 'whoami' && rest.length === 0)) return { kind: 'whoami' };
  if (command === '/actions') return { kind: 'actions' };
  if (command === '/as') return { kind: 'as', user: rest[0]?.toUpperCase() };
  const actionId = rest.length === 1 && /^act_[0-9a-f]{6,}$/.test(rest[0]!) ? rest[0] : undefined;
  if ((YES.has(command) || NO.has(command)) && (rest.length === 0 || actionId)) return { kind: YES.has(command) ? 'confirm' : 'reject', actionId };
  return { kind: 'message', text };
}
