import { isCard, plainText, type Card, type CardButton, type ChatContent } from '../conversation/card.js';
import { encodeCustomId } from './custom-id.js';
import { clip, discordMarkdown, type PersonLookup } from './discord-markdown.js';

/** Embed and message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
const LIMITS = { content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, buttonLabel: 80, buttonsPerRow: 5, rows: 5 } as const;

/** Embed colours for a card's tone (Discord's own palette). */
const COLOUR = { good: 0x57f287, warning: 0xfee75c, danger: 0xed4245, neutral: 0x5865f2 } as const;

/** Button styles: primary (blurple), danger (red), secondary (grey). */
const STYLE = { primary: 1, danger: 4 } as const;
const SECONDARY = 2;

/** A message body as Discord's create/edit message endpoints take it. */
export interface DiscordMessageBody {
  content: string;
  embeds: Array<Record<string, unknown>>;
  components: Array<{ type: 1; components: Array<Record<string, unknown>> }>;
  /** Never parsed from text: only the users opsbot mentions itself may be pinged. */
  allowed_mentions: { parse: []; users: string[] };
}

/** A neutral message or card as a Discord message: text as content, a card as one embed with button rows. */
export function renderDiscordContent(content: ChatContent, people: PersonLookup): DiscordMessageBody {
  const mentioned = new Set<string>();
  if (!isCard(content)) {
    return { content: clip(discordMarkdown(content.text, people, 'rich', mentioned), LIMITS.content), embeds: [], components: [], allowed_mentions: { parse: [], users: [...mentioned] } };
  }
  // Mentions inside an embed show but never ping, so a card's people stay out of allowed_mentions.
  return { content: '', embeds: [embedOf(content, people)], components: buttonRows(content.buttons ?? []), allowed_mentions: { parse: [], users: [] } };
}

function embedOf(card: Card, people: PersonLookup): Record<string, unknown> {
  const [first, ...rest] = card.sections;
  // A leading text-only section reads as the card's title, as on the other platforms.
  const titled = first?.text && !first.fields?.length && !first.quote;
  const sections = titled ? rest : card.sections;
  const paragraphs: string[] = [];
  const fields: Array<{ name: string; value: string; inline: boolean }> = [];
  for (const section of sections) {
    if (section.text) paragraphs.push(discordMarkdown(section.text, people));
    if (section.quote) paragraphs.push(section.quote.split('\n').map((line) => `> ${discordMarkdown([line], people)}`).join('\n'));
    for (const field of section.fields ?? []) {
      fields.push({ name: clip(discordMarkdown([field.label], people, 'plain'), LIMITS.fieldName), value: clip(discordMarkdown(field.value, people) || '\u200b', LIMITS.fieldValue), inline: true });
    }
  }
  const embed: Record<string, unknown> = { color: COLOUR[card.tone ?? 'neutral'] };
  if (titled) embed.title = clip(discordMarkdown(first.text!, people, 'plain'), LIMITS.title);
  if (paragraphs.length > 0) embed.description = clip(paragraphs.join('\n\n'), LIMITS.description);
  if (fields.length > 0) embed.fields = fields.slice(0, LIMITS.fields);
  // Footers show text as is (no markdown), so they take the plain text, names instead of mentions.
  if (card.context) embed.footer = { text: clip(plainText(card.context, (person) => people(person).name), LIMITS.footer) };
  if (!embed.title && !embed.description && !embed.fields) embed.description = clip(discordMarkdown([card.fallback], people), LIMITS.description);
  return embed;
}

function buttonRows(buttons: CardButton[]): DiscordMessageBody['components'] {
  const rows: DiscordMessageBody['components'] = [];
  for (let start = 0; start < buttons.length && rows.length < LIMITS.rows; start += LIMITS.buttonsPerRow) {
    rows.push({
      type: 1,
      components: buttons.slice(start, start + LIMITS.buttonsPerRow).map((button) => ({
        type: 2,
        style: button.style ? STYLE[button.style] : SECONDARY,
        label: clip(button.label, LIMITS.buttonLabel),
        custom_id: encodeCustomId(button.actionId, button.value),
      })),
    });
  }
  return rows;
}
