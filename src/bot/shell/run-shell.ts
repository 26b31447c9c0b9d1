import { createInterface } from 'node:readline';
import type { Opsbot } from '../../app.js';
import type { Responder } from '../../agent/responder.js';
import { startLeaseSweep } from '../../gateway/lease-sweep.js';
import type { Origin } from '../../actions/origin.js';
import { redactText } from '../../util/redact.js';
import { terminalSafe } from '../../util/terminal-text.js';
import { plainMentions, renderActionEvent } from '../presenter/text.js';
import { peopleTimes } from '../presenter/times.js';
import { StatusWatcher } from '../status-watcher.js';
import { defaultChartDirectory } from '../../charts/chart-files.js';
import { startWorkflows } from '../../workflows/start-workflows.js';
import type { OutboundRooms } from '../outbound-rooms.js';
import { ShellSession } from './shell-session.js';
import { OVERALL_STATUS } from '../../tools/status-watch.js';

// Follow-ups decided in another process (a declaration confirmed with `opsbot confirm`) are picked up this often.
const WORKFLOW_SWEEP_MS = 15_000;

/** Everything the interactive shell is started with; streams are parameters so tests drive it without a terminal. */
export interface ShellOptions {
  opsbot: Pick<Opsbot, 'gateway' | 'config' | 'backends' | 'store' | 'kv'>;
  responder: Responder;
  actor: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Lines shown first: which config, whether the language model is on. */
  banner?: string[];
  /** How often `status stalk` watches are checked; 30 s unless a test shortens it. */
  watchIntervalMs?: number;
  /** How often interrupted actions are swept; a quarter lease unless a test shortens it. */
  sweepIntervalMs?: number;
  /** Incident rooms on the chat platforms this process can post to (src/bot/outbound-rooms.ts); without them a declaration only pages. */
  rooms?: OutboundRooms;
}

/**
 * The interactive terminal chat: reads lines until end of input or /quit, shows the identity in the prompt,
 * progress of actions this session proposed or resolves, and changes of watched services.
 */
export async function runShell(options: ShellOptions): Promise<void> {
  const { opsbot, output } = options;
  // Everything shown passes terminalSafe: replies and watch reports carry text from people and backends.
  const print = (text: string) => void output.write(`${terminalSafe(plainMentions(text, opsbot.config.people))}\n`);
  const session = new ShellSession({ gateway: opsbot.gateway, responder: options.responder, config: opsbot.config, actor: options.actor, print, chartDirectory: defaultChartDirectory() });
  const terminal = Boolean((options.input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
  const lines = createInterface({ input: options.input, output, terminal, prompt: session.prompt });
  // Taken before any await: lines piped in arrive at once, and readline drops those emitted before iteration starts.
  const typed = lines[Symbol.asyncIterator]();
  // Ctrl-C leaves like /quit (readline would otherwise only pause input and leave the session hanging).
  lines.on('SIGINT', () => lines.close());
  // Piped input ends (and readline closes) while lines read before the end are still being handled; since Node 22
  // prompting a closed interface throws, so after the end the prompt is written directly (transcripts stay the same).
  let inputEnded = false;
  lines.once('close', () => (inputEnded = true));
  const showPrompt = (preserveCursor?: boolean) => {
    if (!inputEnded) lines.prompt(preserveCursor);
    else if (!terminal) output.write(session.prompt);
  };
  let busy = false;
  // Something reported between commands (a watch, an expiry) is printed, then the prompt is shown again.
  const announce = (raw: string) => {
    const text = peopleTimes(raw);
    print(busy ? text : `\n${text}`);
    if (!busy) showPrompt(true);
  };

  const stopListening = opsbot.gateway.onActionChange((action, event) => {
    const ours = action.origin.conversationId === session.conversationId || action.id === session.resolving;
    if (ours && (event === 'approved' || event === 'running' || event === 'expired' || event === 'outcome_unknown')) announce(renderActionEvent(action, event));
  });
  // Follow-ups to outcomes (an incident declared here: its room and briefing where a chat is configured, and the
  // page of its commander as the declarer) run as from any front end; what paging did is also printed here.
  const rooms = options.rooms?.rooms;
  const workflows = startWorkflows({
    gateway: opsbot.gateway,
    kv: opsbot.kv,
    incident: {
      ...(rooms ? { openRoom: (incident, declared) => rooms.openRoom(incident, declared) } : {}),
      report: async (outcome, where, declared) => {
        await rooms?.report(outcome, where, declared);
        if (declared.origin.conversationId === session.conversationId) announce(session.followUp('Paging the incident commander', outcome));
      },
    },
    ...(rooms ? { poster: rooms.poster, upload: rooms.poster.upload, config: opsbot.config } : {}),
    sweeps: (action) => action.origin.frontEnd === 'shell',
    sweepIntervalMs: WORKFLOW_SWEEP_MS,
    onError: (error) => announce(`[follow-up] failed: ${redactText(error instanceof Error ? error.message : String(error))}`),
  });
  // The shell can stay open for days: actions interrupted in another process are swept while it runs.
  const leases = startLeaseSweep(opsbot.gateway, { intervalMs: options.sweepIntervalMs, onError: (error) => announce(`[recovery] sweep failed: ${redactText(error instanceof Error ? error.message : String(error))}`) });
  const watcher = new StatusWatcher({
    gateway: opsbot.gateway,
    watches: opsbot.backends.watches,
    intervalMs: options.watchIntervalMs,
    filter: (watch) => (watch.origin as Origin | null)?.frontEnd === 'shell',
    onChange: (watch, previous, current) => announce(`[stalk] ${watch.target === OVERALL_STATUS ? 'overall status' : watch.target}: ${previous} → ${current} (watched by ${opsbot.config.people[watch.owner]?.name ?? watch.owner})`),
    onError: (error) => announce(`[stalk] check failed: ${redactText(error instanceof Error ? error.message : String(error))}`),
  });

  for (const line of options.banner ?? []) print(line);
  print(`${await session.describeIdentity()} Type help for commands, /as USER to switch identity, /quit to leave.`);
  watcher.start();
  showPrompt();
  try {
    for (let next = await typed.next(); !next.done; next = await typed.next()) {
      const line = next.value;
      busy = true;
      let quit: 'quit' | undefined;
      try {
        quit = await session.handle(line);
        // A follow-up this line started (paging the commander of an incident it declared) is shown before the prompt
        // comes back, not printed after it where it would leave the cursor on a blank line.
        await workflows.idle();
        await options.rooms?.idle();
      } catch (error) {
        // One bad line must not end the session; the message is enough for a person at a terminal.
        print(`error: ${redactText(error instanceof Error ? error.message : String(error))}`);
      }
      busy = false;
      if (quit) break;
      lines.setPrompt(session.prompt);
      showPrompt();
    }
  } finally {
    lines.close();
    // A follow-up started by the last line (the page after a declaration) is shown before the shell says bye.
    await workflows.idle();
    workflows.stop();
    await options.rooms?.idle();
    await options.rooms?.stop();
    leases.stop();
    stopListening();
    await watcher.stop();
  }
  print('bye');
}
