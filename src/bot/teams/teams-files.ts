import type { ChatFile } from '../conversation/port.js';
import { SendFailure } from '../outbox/card-sender.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, ADAPTIVE_CARD_VERSION } from './adaptive-card.js';
import type { OutgoingActivity } from './bot-connector.js';
import { escapeTeamsMarkdown } from './teams-markdown.js';

/**
 * Teams refuses a bot message over about 28 KB (413 RequestEntityTooLarge), and a bot can only share real files
 * in a channel through SharePoint (Microsoft Graph). So opsbot sends a file inside the message: an image as an
 * inline attachment (`contentUrl` a `data:` URI, which Teams shows in the message), text as a monospace block.
 * What would not fit is refused before sending, with the reason.
 */
export const MESSAGE_LIMIT_BYTES = 28 * 1024;
/** Room left for the activity's own JSON around the file. */
const ENVELOPE_BYTES = 1024;

/** A file as the message activity that carries it. */
export function fileActivity(file: ChatFile): OutgoingActivity {
  if (file.mimeType.startsWith('image/')) {
    const contentUrl = `data:${file.mimeType};base64,${file.bytes.toString('base64')}`;
    if (contentUrl.length + ENVELOPE_BYTES > MESSAGE_LIMIT_BYTES) throw tooLarge(file);
    return { type: 'message', summary: file.title, attachments: [{ contentType: file.mimeType, contentUrl, name: file.filename }] };
  }
  const text = escapeTeamsMarkdown(file.bytes.toString('utf8'));
  if (Buffer.byteLength(text) + ENVELOPE_BYTES > MESSAGE_LIMIT_BYTES) throw tooLarge(file);
  const card = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    body: [
      { type: 'TextBlock', text: `**${escapeTeamsMarkdown(file.title)}** (${escapeTeamsMarkdown(file.filename)})`, wrap: true },
      { type: 'TextBlock', text, wrap: true, fontType: 'Monospace' },
    ],
    msteams: { width: 'Full' },
  };
  return { type: 'message', summary: file.title, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card, name: file.filename }] };
}

function tooLarge(file: ChatFile): SendFailure {
  return new SendFailure('permanent', `${file.filename} (${file.bytes.length} bytes) does not fit in a Teams message (about ${MESSAGE_LIMIT_BYTES / 1024} KB)`);
}
