import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { isCard, type Card, type ChatContent, type RichText, type Span, ICON_SHORTCODES } from '../conversation/card.js';
import type { RenderedMessage } from '../presenter/block-kit.js';
import { escapeMrkdwn, slackDate, slackLink, truncate } from './mrkdwn.js';

/** Block Kit limits a rendered card stays within (https://docs.slack.dev/reference/block-kit/blocks). */
const LIMITS = { sectionText: 3000, fieldText: 2000, fields: 10, buttonText: 75, buttonValue: 2000, messageText: 4000, buttons: 25 } as const;

/** Rich text as Slack mrkdwn: literal strings escaped, so only spans opsbot built can mention, link or format. */
export function slackMrkdwn(text: RichText): string {
  return text.map(span).join('');
}

function span(part: Span): string {
  if (typeof part === 'string') return escapeMrkdwn(part);
  if ('bold' in part) return wrap('*', slackMrkdwn(part.bold));
  if ('italic' in part) return wrap('_', slackMrkdwn(part.italic));
  // A backtick inside would end the span early; Slack has no escape for it.
  if ('code' in part) return part.code ? `\`${escapeMrkdwn(part.code.replace(/`/g, "'"))}\`` : '';
  if ('link' in part) return slackLink(part.link, part.label);
  if ('person' in part) return `<@${part.person}>`;
  if ('time' in part) return slackDate(part.time);
  // Only a channel id becomes a mention; anything else is shown as typed.
  if ('channel' in part) return /^[CDG][A-Z0-9]+$/.test(part.channel) ? `<#${part.channel}>` : escapeMrkdwn(`#${part.channel}`);
  return ICON_SHORTCODES[part.icon];
}

/** Slack formats `*x*` only when the markers touch text: spaces move outside them. */
function wrap(marker: string, inner: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return match[2] ? `${match[1]}${marker}${match[2]}${marker}${match[3]}` : inner;
}

/** A neutral card or message as Block Kit, with its escaped fallback text for notifications. */
export function renderSlackContent(content: ChatContent): RenderedMessage {
  if (!isCard(content)) {
    const text = truncate(slackMrkdwn(content.text), LIMITS.messageText);
    return { text, blocks: [] };
  }
  return renderSlackCard(content);
}

function renderSlackCard(card: Card): RenderedMessage {
  const blocks: KnownBlock[] = [];
  for (const section of card.sections) {
    const block: SectionBlock = { type: 'section', ...(section.id ? { block_id: section.id } : {}) };
    const lines = [section.text ? slackMrkdwn(section.text) : '', section.quote ? quote(section.quote) : ''].filter(Boolean);
    const fields = section.fields ?? [];
    if (fields.length > LIMITS.fields) {
      // Past Slack's ten fields, the facts become lines of the section's text.
      lines.push(...fields.map((field) => `*${escapeMrkdwn(field.label)}:* ${slackMrkdwn(field.value)}`));
    } else if (fields.length) {
      block.fields = fields.map((field) => ({ type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(field.label)}*\n${slackMrkdwn(field.value)}`, LIMITS.fieldText) }));
    }
    if (lines.length) block.text = { type: 'mrkdwn', text: truncate(lines.join('\n'), LIMITS.sectionText) };
    if (block.text || block.fields) blocks.push(block);
  }
  if (card.context?.length) {
    const context: ContextBlock = { type: 'context', block_id: card.contextId ?? 'opsbot_card_context', elements: [{ type: 'mrkdwn', text: truncate(slackMrkdwn(card.context), LIMITS.sectionText) }] };
    blocks.push(context);
  }
  if (card.buttons?.length) {
    const elements: Button[] = card.buttons.slice(0, LIMITS.buttons).map((button) => ({
      type: 'button',
      action_id: button.actionId,
      text: { type: 'plain_text', text: truncate(button.label, LIMITS.buttonText) },
      value: truncate(button.value, LIMITS.buttonValue),
      ...(button.style ? { style: button.style } : {}),
    }));
    const actions: ActionsBlock = { type: 'actions', block_id: 'opsbot_card_buttons', elements };
    blocks.push(actions);
  }
  return { text: truncate(escapeMrkdwn(card.fallback), LIMITS.messageText), blocks };
}

function quote(text: string): string {
  return escapeMrkdwn(text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}
