import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../src/bot/conversation/card.js';
import { escapeMarkdown } from '../../../src/bot/mattermost/mattermost-markdown.js';
import { COMMAND_TOKEN, mattermostSetup, type MattermostSetup } from '../../support/mattermost/mattermost-harness.js';
import { sendSlashCommand } from '../../support/mattermost/mattermost-integration-calls.js';
import { linksIn, mentionsIn } from '../../support/mattermost/mattermost-reading.js';

/** Text from outside (an alert summary, a commit title, a pod log line) trying every trick Mattermost markdown has. */
const hostile = '@channel @here @all @lead please [x](http://evil.example) ![pixel](https://evil.example/p.png) https://evil.example www.evil.example ~town-square **loud** `tick` <https://evil.example>';

describe('Mattermost escaping: outside text neither notifies nor links', () => {
  let setup: MattermostSetup;
  beforeEach(async () => {
    setup = await mattermostSetup();
  });
  afterEach(async () => {
    await setup.port.stop();
    await setup.server.close();
  });

  it('shows literal text as typed but without mentions, links or formatting', async () => {
    const posted = await setup.port.post({ channel: setup.channel }, { text: [hostile] });
    const message = setup.server.posts.get(posted.id)!.message;
    expect(mentionsIn(message)).toEqual([]);
    expect(linksIn(message)).toEqual([]);
    expect(message).not.toMatch(/(?<!\\)\*\*loud(?<!\\)\*\*/);
    // What a reader sees, once the escapes and the invisible joiners are gone, is the text as typed.
    expect(message.replace(/\\(.)/g, '$1').replace(/\u2060/g, '')).toBe(hostile);
  });

  it('keeps card fields, quotes, labels, fallback and code spans inert too, while a person span still mentions', async () => {
    const card: Card = {
      fallback: '@channel [x](http://evil.example)',
      sections: [
        { text: [{ bold: [hostile] }, ' ', { code: '@here http://evil.example' }], quote: hostile },
        { fields: [{ label: '@all', value: [hostile] }] },
      ],
      context: ['Requested by ', { person: 'U00LEAD' }, ' for @channel'],
      buttons: [{ actionId: 'opsbot_approve', label: 'Approve', value: 'act_1' }],
    };
    const posted = await setup.port.post({ channel: setup.channel }, card);
    const post = setup.server.posts.get(posted.id)!;
    const attachments = post.props.attachments as Array<Record<string, unknown>>;
    for (const attachment of attachments) {
      const fields = (attachment.fields as Array<{ title: string; value: string }> | undefined) ?? [];
      // Markdown: the attachment text and field values.
      for (const text of [attachment.text, ...fields.map((field) => field.value)]) {
        if (typeof text !== 'string') continue;
        expect(mentionsIn(text)).toEqual([]);
        expect(linksIn(text)).toEqual([]);
      }
      // Plain text (fallback, footer, field titles): shown as written, so only mentions matter; the person span is opsbot's own.
      for (const text of [attachment.fallback, attachment.footer, ...fields.map((field) => field.title)]) {
        if (typeof text === 'string') expect(mentionsIn(text)).toEqual([]);
      }
    }
    expect(String(attachments.at(-1)!.footer)).toContain('lead');
  });

  it('mentions a mapped person by username, and names an unmapped one without an @', async () => {
    const posted = await setup.port.post({ channel: setup.channel }, { text: [{ person: 'U00LEAD' }, ' and ', { person: 'U00NEW' }] });
    const message = setup.server.posts.get(posted.id)!.message;
    expect(mentionsIn(message)).toEqual(['lead']);
    expect(message).toContain('U00NEW');
  });

  it('links only http(s) URLs opsbot made, and the label cannot smuggle another link', async () => {
    const posted = await setup.port.post({ channel: setup.channel }, { text: [{ link: 'https://grafana.example/d/abc?a=(1)', label: 'dashboard [x](http://evil.example)' }, ' ', { link: 'javascript:alert(1)', label: 'click' }] });
    const links = linksIn(setup.server.posts.get(posted.id)!.message);
    expect(links.filter((link) => link.includes('evil') || link.startsWith('javascript'))).toEqual([]);
    expect(links.some((link) => link.startsWith('https://grafana.example/d/abc?a=%281%29'))).toBe(true);
  });

  it('echoes a slash command without letting it notify, link, or show a pasted token', async () => {
    await setup.port.start({ message: async () => undefined, click: async () => undefined });
    const answer = await sendSlashCommand(setup.server, { url: setup.inboundUrl('/mattermost/command'), token: COMMAND_TOKEN, user: setup.user, channel: setup.channel, text: '@channel see [x](http://evil.example) xoxb-1234567890-abcdefghij' });
    expect(answer.status).toBe(200);
    await expect.poll(() => setup.server.posts.size).toBe(1);
    const echo = [...setup.server.posts.values()][0]!.message;
    expect(mentionsIn(echo)).toEqual(['lead']);
    expect(linksIn(echo)).toEqual([]);
    expect(echo).not.toContain('xoxb-1234567890');
  });

  it('escapes what would start a heading, list, quote or code block at a line start', () => {
    for (const line of ['# title', '- item', '1. first', '> quoted', '    code', '=====']) {
      const escaped = escapeMarkdown(line);
      expect(escaped).not.toMatch(/^(#|-|\d+\.|>| {4}|=)/);
    }
  });
});
