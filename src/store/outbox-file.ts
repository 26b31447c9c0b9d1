import type { OutboxContent } from './outbox-repository.js';

/** A file an outbox reply carries (a report's chart), base64 so the row's content stays plain JSON. */
export interface OutboxFile {
  base64: string;
  filename: string;
  /** `image/png`, `text/plain`. */
  mimeType: string;
  title: string;
}

/** The content of a reply that is a file: the worker uploads it into the thread of the card's post. */
export function fileContent(file: OutboxFile): OutboxContent {
  return { file };
}

/** The file a row's content carries, if it is one; anything else is a message to post. */
export function fileOf(content: OutboxContent): OutboxFile | undefined {
  const file = (content as { file?: Partial<OutboxFile> }).file;
  if (!file || typeof file !== 'object') return undefined;
  const { base64, filename, mimeType, title } = file;
  return typeof base64 === 'string' && typeof filename === 'string' && typeof mimeType === 'string' && typeof title === 'string' ? { base64, filename, mimeType, title } : undefined;
}
