import { expect } from 'vitest';
import { CARD_ACTION_IDS, SLACK_LIMITS } from '../../../src/bot/presenter/block-kit.js';

const KNOWN_TYPES = new Set(['section', 'context', 'actions', 'header', 'divider']);

/**
 * Runtime checks of the structure opsbot relies on in blocks as they crossed the wire: known block types, unique
 * block ids, text within Slack's limits, and buttons whose value is only the action id.
 */
export function expectValidCard(blocks: unknown, actionId: string): void {
  expect(Array.isArray(blocks)).toBe(true);
  const list = blocks as Array<Record<string, unknown>>;
  expect(list.length).toBeLessThanOrEqual(50);
  const ids = list.map((block) => block.block_id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const block of list) {
    expect(KNOWN_TYPES.has(String(block.type))).toBe(true);
    expect(String(block.block_id).length).toBeLessThanOrEqual(255);
    const text = block.text as { type: string; text: string } | undefined;
    if (text) {
      expect(text.type).toBe('mrkdwn');
      expect(text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    const fields = block.fields as Array<{ text: string }> | undefined;
    if (fields) {
      expect(fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const field of fields) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    const elements = block.elements as Array<Record<string, unknown>> | undefined;
    if (block.type === 'context') expect(elements!.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    if (block.type === 'actions') {
      for (const button of elements!) {
        expect(button.type).toBe('button');
        expect(Object.values(CARD_ACTION_IDS)).toContain(button.action_id);
        expect(button.value).toBe(actionId);
        expect((button.text as { text: string }).text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
      }
    }
  }
}

/** The text of one block by id, or undefined. */
export function blockText(blocks: unknown, blockId: string): string | undefined {
  const block = (blocks as Array<Record<string, unknown>>).find((entry) => entry.block_id === blockId);
  if (!block) return undefined;
  if (block.text) return (block.text as { text: string }).text;
  if (block.fields) return (block.fields as Array<{ text: string }>).map((field) => field.text).join('\n');
  if (block.elements) return (block.elements as Array<{ text?: string | { text: string } }>).map((element) => (typeof element.text === 'string' ? element.text : (element.text?.text ?? ''))).join(' ');
  return undefined;
}
