/**
 * Text that reaches a terminal, made inert. A title, a message or a backend's answer can carry escape
 * sequences (ESC [2J clears the screen, OSC 8 hides a link, a carriage return overwrites the line, a
 * right-to-left override reorders what is read); each such character is shown as a visible escape instead.
 * Newline and tab keep their meaning; a CRLF line end becomes a newline.
 */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, visible);
}

/** JSON for a terminal: JSON.stringify already escapes C0 controls, but leaves DEL, C1 and bidi controls raw. */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(CONTROL, (character) => `\\u${hex(character, 4)}`);
}

// C0 except tab and newline, DEL, C1 (0x9b is a one-byte CSI), and the bidirectional overrides and isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${hex(character, 2)}` : `\\u${hex(character, 4)}`;
}

function hex(character: string, width: number): string {
  return character.charCodeAt(0).toString(16).padStart(width, '0');
}
