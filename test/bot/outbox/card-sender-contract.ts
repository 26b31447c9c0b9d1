import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ChatCardSender, SendFailure } from '../../../src/bot/outbox/card-sender.js';

/** A chat platform's loopback peer, as the contract drives it: its failures are said in the platform's own wire format. */
export interface CardSenderPeer {
  sender: ChatCardSender;
  /** The next post is rate-limited, asking for `seconds` of wait. */
  rateLimitNext(seconds: number): void;
  /** The next post meets a server error with this HTTP status. */
  serverErrorNext(status: number): void;
  /** A private channel the bot is not in, and a public one it is not in yet. */
  privateChannel: string;
  publicChannel: string;
  /** What the peer holds in a channel, edits applied. */
  texts(channel: string): string[];
  close(): Promise<void>;
}

/** The ChatCardSender contract (the outbox's port to a chat platform), run against every adapter. */
export function cardSenderContract(open: () => Promise<CardSenderPeer>): void {
  let peer: CardSenderPeer;
  beforeEach(async () => {
    peer = await open();
  });
  afterEach(async () => peer.close());

  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as SendFailure);

  it('posts a card and edits it in place where it landed', async () => {
    const posted = await peer.sender.post({ channel: 'C0CARDS' }, { text: ['Firing: X'] });
    await peer.sender.update(posted, { text: ['Resolved: X'] });
    expect(peer.texts(posted.channel)).toEqual(['Resolved: X']);
  });

  it('reads a rate limit with the wait asked for, and a server error as worth retrying', async () => {
    peer.rateLimitNext(7);
    expect(await failureOf(peer.sender.post({ channel: 'C0CARDS' }, { text: ['x'] }))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    peer.serverErrorNext(502);
    expect(await failureOf(peer.sender.post({ channel: 'C0CARDS' }, { text: ['x'] }))).toMatchObject({ kind: 'transient' });
    expect(peer.texts('C0CARDS')).toEqual([]);
  });

  it('says a person is needed for a channel it is not in, joins a public one and not a private one', async () => {
    expect(await failureOf(peer.sender.post({ channel: peer.privateChannel }, { text: ['x'] }))).toMatchObject({ kind: 'needs_person' });
    expect(await peer.sender.join(peer.privateChannel)).toBe(false);
    expect(await peer.sender.join(peer.publicChannel)).toBe(true);
    await peer.sender.post({ channel: peer.publicChannel }, { text: ['after joining'] });
    expect(peer.texts(peer.publicChannel)).toEqual(['after joining']);
  });

  it('gives up on an edit of a message that is gone', async () => {
    expect(await failureOf(peer.sender.update({ channel: 'C0CARDS', id: '1.000001' }, { text: ['x'] }))).toMatchObject({ kind: 'permanent' });
  });
}
