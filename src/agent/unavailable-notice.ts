/** The line that tells a person the language model did not answer, and why (kept apart so the router path never loads the SDK). */
export function unavailableNotice(reason: string): string {
  return `(The language model is unavailable: ${reason}. The offline command router answered instead.)`;
}
