import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../src/bot/conversation/card.js';
import { SendFailure } from '../../../src/bot/outbox/card-sender.js';
import { errorAnswer, ERRORS, pingsOf } from '../../support/discord/discord-wire.js';
import { BOT_TOKEN, discordHarness, type DiscordHarness } from '../../support/discord/discord-harness.js';

const LEAD_DISCORD_ID = '1170000000000000042';
const people = { U00LEAD: { name: 'Lee Lead', ids: { discord: LEAD_DISCORD_ID } }, U00DEV: { name: 'Dee Dev' } };

describe('Discord messages over REST v10', () => {
  let harness: DiscordHarness;
  const waits: number[] = [];

  beforeEach(async () => {
    waits.length = 0;
    harness = await discordHarness({ people: people as never, sleep: async (ms) => void waits.push(ms) });
  });
  afterEach(async () => {
    await harness.port.stop();
    await harness.close();
  });

  const stored = (id: string) => harness.peer.messages.get(id)!;

  it('never pings from literal text: @everyone, @here and <@id> typed by anyone stay text', async () => {
    const hostile = '@everyone @here deploy now <@1170000000000000099> **urgent** [click](https://evil.example)';
    const posted = await harness.port.post({ channel: harness.channel }, { text: [hostile] });
    const message = stored(posted.id);
    expect(message.allowed_mentions).toEqual({ parse: [], users: [] });
    expect(pingsOf(message)).toEqual({ everyone: false, users: [] });
    // Escaped, so it reads as typed and makes no mention, bold or masked link even where mentions were allowed.
    expect(pingsOf({ content: message.content })).toEqual({ everyone: false, users: [] });
    expect(message.content).not.toMatch(/(^|[^\\])\*\*urgent/);
    expect(message.content).not.toMatch(/(^|[^\\])\[click\]/);
    expect(message.content.replace(/\\(.)/g, '$1')).toBe(hostile);
  });

  it('pings only the people opsbot names itself, by their mapped Discord id', async () => {
    const posted = await harness.port.post({ channel: harness.channel }, { text: [{ person: 'U00LEAD' }, ' and ', { person: 'U00DEV' }, ': @everyone look'] });
    const message = stored(posted.id);
    expect(message.allowed_mentions).toEqual({ parse: [], users: [LEAD_DISCORD_ID] });
    expect(pingsOf(message)).toEqual({ everyone: false, users: [LEAD_DISCORD_ID] });
    // Unmapped: the name, as text.
    expect(message.content).toContain('@Dee Dev');
  });

  it('renders a card as one embed: title, fields, footer, tone colour, and button rows with custom ids', async () => {
    const card: Card = {
      fallback: 'Deploy proposed',
      tone: 'danger',
      sections: [{ text: [{ icon: 'approval' }, ' Deploy ', { code: 'frontend' }] }, { text: ['Quoted @everyone'], fields: [{ label: 'Env', value: ['production'] }] }],
      context: ['Requested by ', { person: 'U00LEAD' }, ' at ', { time: '2026-12-07T14:05:00Z' }],
      buttons: [
        { actionId: 'opsbot_approve', label: 'Approve', value: 'act_1', style: 'primary' },
        { actionId: 'opsbot_reject', label: 'Reject', value: 'act_1', style: 'danger' },
        { actionId: 'opsbot_details', label: 'Details', value: 'act_1' },
      ],
    };
    const message = stored((await harness.port.post({ channel: harness.channel }, card)).id);
    expect(message.embeds).toHaveLength(1);
    const [embed] = message.embeds as Array<Record<string, unknown>>;
    expect(embed).toMatchObject({ title: '✋ Deploy `frontend`', color: 0xed4245, description: 'Quoted \\@everyone', fields: [{ name: 'Env', value: 'production', inline: true }] });
    // Footers render no markdown and no mentions: the person's name, as text.
    expect(embed!.footer).toEqual({ text: 'Requested by @Lee Lead at 2026-12-07T14:05:00Z' });
    expect(message.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: 'Approve', custom_id: 'opsbot_approve:act_1' },
          { type: 2, style: 4, label: 'Reject', custom_id: 'opsbot_reject:act_1' },
          { type: 2, style: 2, label: 'Details', custom_id: 'opsbot_details:act_1' },
        ],
      },
    ]);
  });

  it('refuses a button whose custom_id would pass 100 characters as a permanent failure, posting nothing', async () => {
    const failure = await harness.port
      .post({ channel: harness.channel }, { fallback: 'x', sections: [{ text: ['x'] }], buttons: [{ actionId: 'opsbot_approve', label: 'Go', value: 'v'.repeat(100) }] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'permanent' });
    expect(harness.peer.calls).toEqual([]);
  });

  it('starts a thread from the message on the first reply only, and posts into the thread channel', async () => {
    const root = await harness.port.post({ channel: harness.channel }, { text: ['root'] });
    const first = await harness.port.post({ channel: harness.channel, thread: root.id }, { text: ['first reply'] });
    await harness.port.post({ channel: harness.channel, thread: root.id }, { text: ['second reply'] });
    expect(harness.peer.callsTo('POST', /\/threads$/).map((call) => call.body)).toEqual([{ name: 'first reply', auto_archive_duration: 1440 }]);
    expect(first).toEqual({ channel: harness.channel, id: first.id, thread: root.id });
    expect(stored(first.id).channel_id).toBe(root.id);
    // Editing a message in a thread goes to the thread channel.
    await harness.port.update(first, { text: ['edited'] });
    expect(stored(first.id).content).toBe('edited');
  });

  it('replies into a thread that exists already (started elsewhere) without failing', async () => {
    const root = await harness.port.post({ channel: harness.channel }, { text: ['root'] });
    harness.peer.channels.set(root.id, { id: root.id, type: 11, name: 'started by a person', parent_id: harness.channel, guild_id: harness.peer.guildId });
    const reply = await harness.port.post({ channel: harness.channel, thread: root.id }, { text: ['reply'] });
    expect(stored(reply.id).channel_id).toBe(root.id);
  });

  it('waits out a short 429 as retry_after asks (a float, in seconds) and sends once more', async () => {
    harness.peer.rateLimitNext(0.25);
    const posted = await harness.port.post({ channel: harness.channel }, { text: ['after the wait'] });
    expect(waits).toEqual([250]);
    expect(harness.peer.callsTo('POST', /\/messages$/)).toHaveLength(2);
    expect([...harness.peer.messages.values()].filter((message) => message.content === 'after the wait').map((message) => message.id)).toEqual([posted.id]);
  });

  it('hands a long 429 back as rate_limited with the wait, without sleeping on it', async () => {
    harness.peer.rateLimitNext(30.5);
    const failure = await harness.port.post({ channel: harness.channel }, { text: ['later'] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SendFailure);
    expect(failure).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_500 });
    expect(waits).toEqual([]);
  });

  it('waits for a bucket its headers said is empty, only on that route', async () => {
    const other = harness.peer.addChannel('other');
    harness.peer.exhaustBucketNext(0.4);
    await harness.port.post({ channel: harness.channel }, { text: ['last of the bucket'] });
    await harness.port.post({ channel: other }, { text: ['another channel, another bucket'] });
    expect(waits).toEqual([]);
    await harness.port.post({ channel: harness.channel }, { text: ['after the reset'] });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(400);
    // No 429 was provoked: every call got through at the first try.
    expect(harness.peer.calls).toHaveLength(3);
  });

  it('classifies Discord errors for the outbox, never quoting the token', async () => {
    const cases = [
      [errorAnswer({ status: 403, code: 50013, message: 'Missing Permissions' }), 'needs_person'],
      [errorAnswer(ERRORS.missingAccess), 'needs_person'],
      [errorAnswer(ERRORS.unknownChannel), 'needs_person'],
      [errorAnswer(ERRORS.unauthorized), 'needs_person'],
      [{ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' }, 'transient'],
      [errorAnswer(ERRORS.invalidForm, { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'too long' }] } }), 'permanent'],
    ] as const;
    for (const [answer, kind] of cases) {
      harness.peer.script(answer);
      const failure = await harness.port.post({ channel: harness.channel }, { text: ['x'] }).catch((error: unknown) => error);
      expect(failure, JSON.stringify(answer.body)).toMatchObject({ kind });
      expect((failure as Error).message).not.toContain(BOT_TOKEN);
    }
    expect((await harness.port.post({ channel: harness.refusedChannel }, { text: ['x'] }).catch((error: unknown) => error)) as SendFailure).toMatchObject({ kind: 'needs_person', reason: 'discord 50001: Missing Access' });
  });

  it('uploads a file as multipart payload_json + files[0] into the thread', async () => {
    const root = await harness.port.post({ channel: harness.channel }, { text: ['chart'] });
    const bytes = Buffer.from('89504e470d0a1a0a', 'hex');
    await harness.port.upload({ channel: harness.channel, thread: root.id }, { bytes, filename: 'cpu.png', mimeType: 'image/png', title: 'cpu' });
    const upload = harness.peer.callsTo('POST', new RegExp(`^/channels/${root.id}/messages$`)).at(-1)!;
    expect(upload.body).toEqual({ attachments: [{ id: 0, filename: 'cpu.png', description: 'cpu' }], allowed_mentions: { parse: [] } });
    expect(await harness.files()).toEqual([{ channel: harness.channel, thread: root.id, filename: 'cpu.png', bytes }]);
  });

  it('opens an incident channel in the first guild with member overwrites for the invited', async () => {
    const opened = await harness.port.openChannel('INC 42 checkout', { topic: 'checkout errors', invite: [harness.user] });
    expect(harness.peer.callsTo('GET', /^\/users\/@me\/guilds$/)).toHaveLength(1);
    expect(opened.url).toBe(`https://discord.com/channels/${harness.peer.guildId}/${opened.channel}`);
    expect(harness.peer.channels.get(opened.channel)).toMatchObject({ name: 'inc-42-checkout', topic: 'checkout errors', permission_overwrites: [{ id: harness.user, type: 1, allow: '101376', deny: '0' }] });
  });
});
