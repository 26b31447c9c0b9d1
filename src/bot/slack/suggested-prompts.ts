import type { Config } from '../../config/schema.js';
import type { Gateway } from '../../gateway/gateway.js';

/** One prompt the assistant panel offers: the button's title and the message it sends. */
export interface SuggestedPrompt {
  title: string;
  message: string;
}

/** Slack shows at most four suggested prompts. */
const MOST = 4;

/**
 * What someone is likely to ask, from what they may do: the health of their team's service (a team's rotation
 * names its people), who is on call, what fires, what is open. Only tools the gateway shows this person are
 * suggested, so a prompt never leads to a refusal.
 */
export async function suggestedPrompts(actor: string, gateway: Gateway, config: Config): Promise<SuggestedPrompt[]> {
  const visible = new Set((await gateway.visibleTools(actor)).map((tool) => tool.name));
  const team = config.teams.find((candidate) => candidate.rotation?.includes(actor));
  const service = config.services.find((candidate) => candidate.team === team?.name) ?? config.services[0];
  const prompts: SuggestedPrompt[] = [];
  if (service && visible.has('service_status')) prompts.push({ title: `How's ${service.name}?`, message: `How's ${service.name} doing?` });
  if (visible.has('oncall')) prompts.push({ title: "Who's on call?", message: team ? `Who's on call for ${team.name}?` : "Who's on call?" });
  if (visible.has('alerts_list')) prompts.push({ title: 'What is firing?', message: 'Which alerts are firing right now?' });
  if (visible.has('deploy_history')) prompts.push({ title: 'What went out today?', message: 'What was deployed today?' });
  if (visible.has('incident_list')) prompts.push({ title: 'Open incidents', message: 'Which incidents are open?' });
  return prompts.slice(0, MOST);
}
