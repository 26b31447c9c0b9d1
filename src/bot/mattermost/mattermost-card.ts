import { isCard, plainText, type Card, type CardButton, type ChatContent } from '../conversation/card.js';
import { escapeMarkdown, mattermostMarkdown, neutraliseMentions, type PersonNames, truncate } from './mattermost-markdown.js';

/** Limits a rendered post stays within (Mattermost's post size is 16,383 characters; attachments count in props). */
const LIMITS = { message: 16_000, attachmentText: 4000, fieldValue: 2000, title: 250, footer: 300, buttonLabel: 60, buttons: 10 } as const;

/** The attachment bar colour for each tone. */
const COLOURS: Readonly<Record<NonNullable<Card['tone']>, string>> = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a', neutral: '#8d8d8d' };

/** A message attachment field as Mattermost renders it (https://developers.mattermost.com/integrate/reference/message-attachments/). */
export interface AttachmentField {
  title: string;
  value: string;
  short: boolean;
}

/** An interactive message button: Mattermost POSTs `context` to `integration.url` when it is clicked. */
export interface AttachmentAction {
  id: string;
  type: 'button';
  name: string;
  style?: 'primary' | 'danger' | 'default';
  integration: { url: string; context: ActionContext };
}

/** What a button carries back: the neutral card's action id and value, and opsbot's signature over them. */
export interface ActionContext {
  action_id: string;
  value: string;
  sig: string;
}

/** One message attachment. */
export interface MessageAttachment {
  fallback: string;
  color?: string;
  text?: string;
  fields?: AttachmentField[];
  footer?: string;
  actions?: AttachmentAction[];
}

/** A post's body as the REST API takes it: markdown text, and attachments in `props`. */
export interface RenderedPost {
  message: string;
  props: { attachments?: MessageAttachment[] };
}

/** What rendering needs besides the content: who people are, where buttons call back, how they are signed. */
export interface RenderOptions {
  names: PersonNames;
  actionUrl: string;
  sign: (actionId: string, value: string) => string;
  now?: Date;
}

/** A neutral card or message as a Mattermost post: text alone as markdown, a card as message attachments with buttons. */
export function renderMattermostContent(content: ChatContent, options: RenderOptions): RenderedPost {
  if (!isCard(content)) return { message: truncate(mattermostMarkdown(content.text, options.names, options.now), LIMITS.message), props: {} };
  return { message: '', props: { attachments: renderAttachments(content, options) } };
}

/** One attachment per section, in order (a section's text above its facts); small print and buttons on the last. */
function renderAttachments(card: Card, options: RenderOptions): MessageAttachment[] {
  const markdown = (text: Parameters<typeof mattermostMarkdown>[0]): string => mattermostMarkdown(text, options.names, options.now);
  const fallback = truncate(neutraliseMentions(card.fallback), LIMITS.attachmentText);
  const color = COLOURS[card.tone ?? 'neutral'];
  const attachments: MessageAttachment[] = [];
  for (const section of card.sections) {
    const lines = [section.text ? markdown(section.text) : '', section.quote ? quote(section.quote) : ''].filter(Boolean);
    const fields = (section.fields ?? []).map((field) => ({ title: truncate(neutraliseMentions(field.label), LIMITS.title), value: truncate(markdown(field.value), LIMITS.fieldValue), short: true }));
    if (!lines.length && !fields.length) continue;
    attachments.push({ fallback, color, ...(lines.length ? { text: truncate(lines.join('\n'), LIMITS.attachmentText) } : {}), ...(fields.length ? { fields } : {}) });
  }
  if (!attachments.length) attachments.push({ fallback, color, text: escapeMarkdown(card.fallback) });
  const last = attachments[attachments.length - 1]!;
  // The footer is plain text: names are written out, and nothing in it can notify.
  if (card.context?.length) last.footer = truncate(neutraliseMentions(plainText(card.context, (person) => options.names(person).username ?? options.names(person).name)), LIMITS.footer);
  if (card.buttons?.length) last.actions = card.buttons.slice(0, LIMITS.buttons).map((button, index) => action(button, index, options));
  return attachments;
}

function action(button: CardButton, index: number, options: RenderOptions): AttachmentAction {
  return {
    // Mattermost routes a click by this id within the post; it must be alphanumeric, so the real id rides in the context.
    id: `${button.actionId.replace(/[^A-Za-z0-9]/g, '')}${index}`,
    type: 'button',
    name: truncate(button.label, LIMITS.buttonLabel),
    ...(button.style ? { style: button.style } : {}),
    integration: { url: options.actionUrl, context: { action_id: button.actionId, value: button.value, sig: options.sign(button.actionId, button.value) } },
  };
}

function quote(text: string): string {
  return escapeMarkdown(text)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
