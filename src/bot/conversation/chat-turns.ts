import { randomUUID } from 'node:crypto';
import type { Origin } from '../../actions/origin.js';
import type { Reply, Responder } from '../../agent/responder.js';
import type { PictureSource } from '../../charts/chart-image.js';
import { replyTextBesideCards } from '../presenter/reply-text.js';
import { outsideSpans } from '../presenter/rich-spans.js';
import type { ApprovalCards } from './approval-cards.js';
import { ChartCollector } from './chart-collector.js';
import { type Identities, unmappedNotice } from './identities.js';
import type { ChatPlace, ConversationPort, InboundMessage } from './port.js';

/** What a turn needs. */
export interface ChatTurnsDependencies {
  port: ConversationPort;
  identities: Identities;
  /** Answers messages (the agent, or the offline router without a model). */
  responder: Responder;
  /** Answers commands, always (DESIGN §6). */
  router: Responder;
  cards: ApprovalCards;
  logError(error: unknown, what: string): void;
}

/**
 * One message, one turn: the author becomes an opsbot person before anything else (an unmapped user is told how to
 * get mapped and nothing more, deny by default), the responder answers in the message's thread, each proposed
 * action gets its card right after the answer, and charts the tools drew are uploaded into the thread.
 */
export class ChatTurns {
  constructor(private readonly deps: ChatTurnsDependencies) {}

  async handle(message: InboundMessage): Promise<void> {
    const { port, identities } = this.deps;
    const place: ChatPlace = { channel: message.channel, thread: message.thread };
    const person = identities.personOf(message.platform, message.author);
    if (!person) {
      await port.tellPrivately(place, message.author, { text: [unmappedNotice(message.platform, message.author)] });
      return;
    }
    const origin: Origin = {
      frontEnd: message.platform,
      conversationId: `${message.platform}:${message.channel}:${message.thread}`,
      channel: message.channel,
      threadTs: message.thread,
      messageTs: message.messageId,
      ...(message.command ? { via: 'command' as const } : {}),
      ...(message.direct ? { direct: true } : {}),
    };
    const charts = new ChartCollector();
    let reply: Reply;
    try {
      reply = await (message.command ? this.deps.router : this.deps.responder).respond({ text: message.text, actor: person, origin, onOutcome: charts.onOutcome });
    } catch (error) {
      const reference = randomUUID().slice(0, 8);
      this.deps.logError(error, `answering ${message.platform} message ${message.messageId} (ref ${reference})`);
      await port.post(place, { text: [`Sorry, something went wrong answering that (ref `, { code: reference }, ').'] });
      return;
    }
    // Tool output names people as `<@U…>` and carries ISO times: those become people and times, the rest stays literal.
    await port.post(place, { text: outsideSpans(replyTextBesideCards(reply)) });
    for (const action of reply.actions) await this.deps.cards.post(action);
    for (const chart of charts.charts) await this.upload(place, chart);
  }

  /** The text answer is already posted, so a failed render or upload only adds a line saying so. */
  private async upload(place: ChatPlace, chart: PictureSource): Promise<void> {
    try {
      const rendered = chart.draw();
      await this.deps.port.upload(place, { bytes: rendered.png, filename: rendered.filename, mimeType: 'image/png', title: chart.title });
    } catch (error) {
      this.deps.logError(error, `chart upload (${chart.title})`);
      await this.deps.port.post(place, { text: [`The chart "${chart.title}" could not be attached; the figures above stand.`] });
    }
  }
}
