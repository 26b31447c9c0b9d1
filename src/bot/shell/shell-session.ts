import { randomBytes } from 'node:crypto';
import { help, permittedCommands, vocabularyOf } from '../../agent/router/index.js';
import type { Responder } from '../../agent/responder.js';
import { type PictureSource, pictureOf } from '../../charts/chart-image.js';
import { writePictureFile } from '../../charts/chart-files.js';
import type { Config } from '../../config/schema.js';
import { isUserId } from '../../config/user-id.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { Origin } from '../../actions/origin.js';
import type { CallOutcome } from '../../actions/outcomes.js';
import type { PendingAction } from '../../actions/pending-action.js';
import { renderActionCard, renderActionLine, renderResolveOutcome } from '../presenter/text.js';
import { peopleTimes } from '../presenter/times.js';
import { parseShellInput } from './shell-input.js';

const SHELL_COMMANDS = [
  'In this shell:',
  '  /as USER            act as another user id (e.g. /as U00LEAD2)',
  '  /whoami             your user id and roles',
  '  y | confirm [ID]    confirm the last card (or the action ID)',
  '  n | reject [ID]     reject the last card (or the action ID)',
  '  /actions            recent actions and their states',
  '  /quit               leave',
];

/** What a shell session needs: the gateway for confirmations and help, the responder for everything said. */
export interface ShellSessionOptions {
  gateway: Gateway;
  responder: Responder;
  config: Config;
  actor: string;
  print: (text: string) => void;
  conversationId?: string;
  /** Where charts from answers are written (their paths are printed after the answer); none are written without it. */
  chartDirectory?: string;
}

/**
 * One terminal conversation (Hubot's shell adapter, with identities): holds who is typing and the last card
 * shown, and turns each line into a shell command or a message for the responder.
 */
export class ShellSession {
  actor: string;
  readonly conversationId: string;
  /** The action `y` and `n` refer to. */
  lastCard: PendingAction | undefined;
  /** Set while this session resolves an action, so its progress events are shown. */
  resolving: string | undefined;

  constructor(private readonly options: ShellSessionOptions) {
    this.actor = options.actor;
    this.conversationId = options.conversationId ?? `shell:${randomBytes(4).toString('hex')}`;
  }

  get origin(): Origin {
    return { frontEnd: 'shell', conversationId: this.conversationId };
  }

  get prompt(): string {
    return `${this.actor}> `;
  }

  /** Handles one line; returns 'quit' when the person asked to leave. */
  async handle(line: string): Promise<'quit' | undefined> {
    const input = parseShellInput(line);
    const { print } = this.options;
    switch (input.kind) {
      case 'empty':
        return undefined;
      case 'quit':
        return 'quit';
      case 'help':
        print(`${SHELL_COMMANDS.join('\n')}\n${help(await permittedCommands(this.options.gateway, this.actor), { actor: this.actor, vocabulary: vocabularyOf(this.options.config) })}`);
        return undefined;
      case 'whoami':
        print(await this.describeIdentity());
        return undefined;
      case 'as':
        await this.switchIdentity(input.user);
        return undefined;
      case 'actions':
        print(await this.recentActions());
        return undefined;
      case 'confirm':
      case 'reject':
        await this.resolve(input.kind, input.actionId);
        return undefined;
      case 'message':
        await this.say(input.text);
        return undefined;
    }
  }

  /** "You are U00DEV (developer)." */
  async describeIdentity(): Promise<string> {
    const grants = await this.options.gateway.grantsOf(this.actor);
    const roles = grants.roles.length ? grants.roles.join(', ') : 'no roles: deny by default, you can run nothing';
    return `You are ${this.actor} (${roles}).`;
  }

  private async switchIdentity(user: string | undefined): Promise<void> {
    if (!user || !isUserId(user)) {
      this.options.print('Usage: /as USER, with a user id like U00LEAD (identity is a user id, never a name).');
      return;
    }
    this.actor = user;
    this.options.print(await this.describeIdentity());
  }

  private async say(text: string): Promise<void> {
    const charts: PictureSource[] = [];
    const onOutcome = (outcome: CallOutcome) => {
      const chart = outcome.status === 'ok' ? pictureOf(outcome.data) : null;
      if (chart) charts.push(chart);
    };
    const reply = await this.options.responder.respond({ text, actor: this.actor, origin: this.origin, onProgress: (note) => this.options.print(`… ${note}`), onOutcome });
    // The words (a proposal adds none), any charts, then the card of every action proposed, whoever answered.
    if (reply.text || !reply.actions.length) this.options.print(peopleTimes(reply.text));
    if (this.options.chartDirectory) this.printCharts(charts, this.options.chartDirectory);
    for (const action of reply.actions) {
      this.options.print(renderActionCard(action));
      this.lastCard = action;
    }
    if (reply.actions.length) this.options.print(`(y confirms, n rejects as ${this.actor}; /as USER to act as someone else)`);
  }

  /** A follow-up of an outcome (the page after a declaration): its answer, or its card, which `y` then confirms. */
  followUp(what: string, outcome: CallOutcome): string {
    if (outcome.status !== 'pending') return outcome.text;
    this.lastCard = outcome.action;
    return `${what} needs a confirmation:\n${renderActionCard(outcome.action)}\n(y confirms, n rejects as ${this.actor}; /as USER to act as someone else)`;
  }

  /** A terminal cannot show the image, so the chart goes to a file and its path follows the answer. */
  private printCharts(charts: PictureSource[], directory: string): void {
    for (const chart of charts) {
      try {
        this.options.print(`Chart: ${writePictureFile(chart, { directory })}`);
      } catch (error) {
        this.options.print(`(The chart "${chart.title}" could not be written: ${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }

  private async resolve(kind: 'confirm' | 'reject', actionId: string | undefined): Promise<void> {
    const id = actionId ?? this.lastCard?.id;
    if (!id) {
      this.options.print(`Nothing to ${kind}: no card shown yet. Use ${kind} ACTION-ID.`);
      return;
    }
    this.resolving = id;
    try {
      const progress = (message: string) => this.options.print(`… ${message}`);
      const outcome = kind === 'confirm' ? await this.options.gateway.confirm(id, this.actor, this.origin, { progress }) : await this.options.gateway.reject(id, this.actor, this.origin);
      this.options.print(renderResolveOutcome(outcome));
      // A card stays current while it is still pending (a denied approver may hand over with /as).
      if (outcome.status !== 'denied' && this.lastCard?.id === id) this.lastCard = undefined;
    } finally {
      this.resolving = undefined;
    }
  }

  private async recentActions(): Promise<string> {
    const actions = await this.options.gateway.listActions(10);
    return actions.length ? actions.map((action) => renderActionLine(action)).join('\n') : 'No actions yet.';
  }
}
