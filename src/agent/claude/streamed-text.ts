/**
 * What a person has been shown of a turn's answer while it was written: the text deltas of every round, in
 * order, text blocks a line apart and rounds a blank line apart. Text written before a tool call ("Let me
 * check.") is streamed too, because nobody can tell it from the final answer until the round ends, and a
 * delta once shown cannot be taken back. So a streamed turn answers with exactly what it streamed, plus any
 * note opsbot adds after it (also streamed); a turn nobody streams answers as before, with the last round's text.
 *
 * Whitespace at the edges is held back until text follows it, so the pieces always add up to a trimmed text.
 */
export class StreamedText {
  private shown = '';
  private held = '';

  constructor(private readonly onText: ((delta: string) => void) | undefined) {}

  /** Everything streamed so far. */
  get text(): string {
    return this.shown;
  }

  /** Text that follows starts after `separator`: a line break between blocks, a blank line between rounds. */
  separate(separator: '\n' | '\n\n'): void {
    if (this.shown && lineBreaks(this.held) < separator.length) this.held = separator;
  }

  /** One text delta from the model. */
  push(delta: string): void {
    if (!this.onText) return;
    const pending = this.held + delta;
    const body = pending.trimEnd();
    const piece = this.shown ? body : body.trimStart();
    if (!piece) {
      // Only whitespace so far: at the very start it is dropped, later it waits for the text it separates.
      this.held = this.shown ? pending : '';
      return;
    }
    this.held = pending.slice(body.length);
    this.emit(piece);
  }

  /**
   * The turn's reply. Unstreamed: `text` as composed. Streamed: what was shown, then opsbot's `additions`
   * (a cut-off note, what the tools did), which are streamed as well, so the deltas add up to the reply.
   */
  conclude(text: string, additions = ''): string {
    if (!this.onText) return text;
    const reply = this.shown ? [this.shown, additions].filter(Boolean).join('\n') : text;
    if (reply.length > this.shown.length && reply.startsWith(this.shown)) this.emit(reply.slice(this.shown.length));
    this.held = '';
    return reply;
  }

  private emit(piece: string): void {
    this.shown += piece;
    this.onText?.(piece);
  }
}

function lineBreaks(text: string): number {
  return text.split('\n').length - 1;
}
