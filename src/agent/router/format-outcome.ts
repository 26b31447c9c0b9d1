import type { CallOutcome } from '../../gateway/outcomes.js';
import { renderActionCard } from '../../bot/render-action.js';

/**
 * A gateway outcome as the router's reply text: results as the tool wrote them, refusals with their reason,
 * proposals as a card. `usageOf` gives a tool's usage line for arguments it refused (the router's command table).
 */
export function formatOutcome(outcome: CallOutcome, usageOf: (tool: string) => string | undefined = () => undefined): string {
  switch (outcome.status) {
    case 'ok':
    case 'error':
    case 'denied':
      return outcome.text;
    case 'invalid': {
      const line = usageOf(outcome.tool);
      return line ? `${outcome.text}\nUsage: ${line}` : outcome.text;
    }
    case 'pending':
      return renderActionCard(outcome.action);
  }
}
