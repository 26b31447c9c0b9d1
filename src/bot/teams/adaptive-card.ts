import { isCard, plainText, type Card, type ChatContent } from '../conversation/card.js';
import { escapeTeamsMarkdown, teamsMarkdown, type MentionEntity, type PersonLookup } from './teams-markdown.js';

/** The Adaptive Card schema version opsbot writes: 1.4 is the first with `Action.Execute` (Universal Actions). */
export const ADAPTIVE_CARD_VERSION = '1.4';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Limits a rendered card stays within (Teams shows at most six actions in a card's action set). */
const LIMITS = { text: 4000, actions: 6, fallback: 1000 } as const;

/** An Adaptive Card as JSON (https://adaptivecards.io/explorer/): only the elements opsbot writes. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: AdaptiveElement[];
  actions?: ExecuteAction[];
  msteams?: { width?: 'Full'; entities?: MentionEntity[] };
}

/** A body element: text, facts, or a container holding them. */
export type AdaptiveElement =
  | { type: 'TextBlock'; text: string; wrap: true; id?: string; weight?: 'Bolder'; isSubtle?: boolean; size?: 'Small'; fontType?: 'Monospace' }
  | { type: 'FactSet'; facts: Array<{ title: string; value: string }> }
  | { type: 'Container'; id?: string; style?: 'emphasis' | 'good' | 'attention' | 'warning'; items: AdaptiveElement[] }
  | { type: 'Image'; url: string; altText: string };

/** A button: Universal Actions send an `adaptiveCard/action` invoke with the verb and data to the bot. */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: { value: string };
  style?: 'positive' | 'destructive';
}

/** A Bot Framework message activity's attachment. */
export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

/** A neutral card or message as an Adaptive Card, with its plain summary (notification text). */
export function renderAdaptiveCard(content: ChatContent, people: PersonLookup, now: Date = new Date()): { card: AdaptiveCard; summary: string } {
  const mentions: MentionEntity[] = [];
  const body: AdaptiveElement[] = [];
  const markdown = (text: Parameters<typeof teamsMarkdown>[0]): string => truncate(teamsMarkdown(text, people, mentions, now), LIMITS.text);
  if (!isCard(content)) {
    body.push({ type: 'TextBlock', text: markdown(content.text), wrap: true });
    return { card: cardOf(body, [], mentions), summary: truncate(content.fallback ?? plainText(content.text, (person) => people(person).name), LIMITS.fallback) };
  }
  for (const section of content.sections) body.push(...sectionElements(section, markdown));
  if (content.context?.length) body.push({ type: 'TextBlock', text: markdown(content.context), wrap: true, isSubtle: true, size: 'Small' });
  return { card: cardOf(tone(content, body), actions(content), mentions), summary: truncate(content.fallback, LIMITS.fallback) };
}

function sectionElements(section: Card['sections'][number], markdown: (text: Parameters<typeof teamsMarkdown>[0]) => string): AdaptiveElement[] {
  const items: AdaptiveElement[] = [];
  if (section.text) items.push({ type: 'TextBlock', text: markdown(section.text), wrap: true });
  if (section.quote) items.push({ type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: truncate(escapeTeamsMarkdown(section.quote), LIMITS.text), wrap: true }] });
  // Fact titles render markdown as well, so labels are escaped like any literal text.
  if (section.fields?.length) items.push({ type: 'FactSet', facts: section.fields.map((field) => ({ title: escapeTeamsMarkdown(field.label), value: markdown(field.value) })) });
  return section.id ? [{ type: 'Container', id: section.id, items }] : items;
}

/** The card's tone as a coloured container around its first section, Teams' nearest thing to a colour bar. */
function tone(card: Card, body: AdaptiveElement[]): AdaptiveElement[] {
  const style = { good: 'good', warning: 'warning', danger: 'attention', neutral: undefined }[card.tone ?? 'neutral'] as 'good' | 'warning' | 'attention' | undefined;
  if (!style || body.length === 0) return body;
  const [first, ...rest] = body;
  return [first!.type === 'Container' ? { ...first!, style } : { type: 'Container', style, items: [first!] }, ...rest];
}

function actions(card: Card): ExecuteAction[] {
  return (card.buttons ?? []).slice(0, LIMITS.actions).map((button) => ({
    type: 'Action.Execute',
    title: button.label,
    verb: button.actionId,
    data: { value: button.value },
    ...(button.style ? { style: button.style === 'primary' ? 'positive' : 'destructive' } : {}),
  }));
}

function cardOf(body: AdaptiveElement[], buttons: ExecuteAction[], mentions: MentionEntity[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(buttons.length ? { actions: buttons } : {}),
    msteams: { width: 'Full', ...(mentions.length ? { entities: mentions } : {}) },
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
