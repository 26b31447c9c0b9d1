import type { Config } from './schema.js';

/**
 * Cross-field checks of the PagerDuty settings: an adapter chosen without the `pagerduty:` section, or an on-call
 * source that cannot answer for some team, is an error at start-up rather than a surprise during an incident.
 */
export function pagerDutyProblems(config: Config): string[] {
  const problems: string[] = [];
  const { oncall, paging, incidents } = config.backends;
  const chosen = [['oncall', oncall], ['paging', paging], ['incidents', incidents]].filter(([, backend]) => (backend as { adapter: string }).adapter === 'pagerduty');
  if (chosen.length && !config.pagerduty) {
    for (const [port] of chosen) problems.push(`backends.${port as string}: the pagerduty adapter needs the top-level pagerduty section (token: env:PAGERDUTY_TOKEN, from)`);
  }
  if (oncall.adapter === 'pagerduty') {
    config.teams.forEach((team, index) => {
      if (!team.pagerduty) problems.push(`teams[${index}].pagerduty: team "${team.name}" needs an escalationPolicy when backends.oncall uses pagerduty`);
    });
    if (!config.incidentCommander.pagerduty) problems.push('incidentCommander.pagerduty: needs a schedule when backends.oncall uses pagerduty');
  } else {
    config.teams.forEach((team, index) => {
      if (!team.rotation) problems.push(`teams[${index}].rotation: team "${team.name}" needs a rotation (or pagerduty with backends.oncall.adapter: pagerduty)`);
    });
    if (!config.incidentCommander.rotation) problems.push('incidentCommander.rotation: needed unless backends.oncall uses pagerduty');
  }
  return problems;
}
