import { afterEach, describe, expect, it } from 'vitest';
import { FakeAnthropicServer, reply, text } from '../support/fake-anthropic-server.js';
import { FakeGitHub } from '../support/fake-github-server.js';
import { minuteClock, scriptedIncident } from '../support/scripted-incident.js';
import { testOpsbot } from '../support/test-opsbot.js';

type TestOpsbot = Awaited<ReturnType<typeof testOpsbot>>;

const PEOPLE = { U00LEAD: { name: 'Lee Lead', pagerduty: 'PLEE001' }, U00SRE: { name: 'Sam Reliability' }, U00LEAD2: { name: 'Lou Lead' } };

describe('incident postmortem', () => {
  let opsbot: TestOpsbot | undefined;
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await opsbot?.cleanup();
    for (const stop of stops.splice(0)) await stop();
  });

  async function draft(bot: TestOpsbot, id: string) {
    const outcome = await bot.gateway.call({ tool: 'incident_postmortem', args: { id }, actor: 'U00VIEWER', origin: { frontEnd: 'cli' } });
    if (outcome.status !== 'ok') throw new Error(outcome.text);
    return outcome.data as { markdown: string; modelSummary: boolean; refused: string | null };
  }

  it('drafts summary, impact with exact durations, timeline, what was done, detection and open questions, with no model', async () => {
    const bot = (opsbot = await testOpsbot({ now: minuteClock('2026-12-01T10:00:00Z'), overrides: { people: PEOPLE } }));
    const id = await scriptedIncident(bot);
    const incident = (await bot.backends.incidents.get(id))!;
    const { markdown, modelSummary } = await draft(bot, id);
    expect(modelSummary).toBe(false);
    for (const heading of ['## Summary', '## Impact', '## Timeline (UTC)', '## What was done', '## Detection', '## Open questions']) expect(markdown).toContain(heading);
    const minutes = (Date.parse(incident.resolvedAt!) - Date.parse(incident.createdAt)) / 60_000;
    expect(Number.isInteger(minutes)).toBe(true);
    expect(markdown).toContain(`- Duration: ${minutes} min 0 s`);
    expect(markdown).toMatch(/- Time to acknowledge: \d+ min 0 s/);
    expect(markdown).toContain('rolled back payments in staging (U00LEAD)');
    expect(markdown).toMatch(/note: errors falling after the rollback \(U00LEAD2\)/);
    expect(markdown).toContain('- Severity: high');
  });

  it('with a model, uses its summary only when every figure it cites is in the data; an invented figure is refused', async () => {
    const model = new FakeAnthropicServer();
    stops.push(() => model.stop());
    const baseURL = await model.start();
    const bot = (opsbot = await testOpsbot({ now: minuteClock('2026-12-01T10:00:00Z'), overrides: { people: PEOPLE }, env: { ANTHROPIC_API_KEY: 'sk-ant-test-key-0123456789', ANTHROPIC_BASE_URL: baseURL } }));
    const id = await scriptedIncident(bot);
    const incident = (await bot.backends.incidents.get(id))!;
    const minutes = (Date.parse(incident.resolvedAt!) - Date.parse(incident.createdAt)) / 60_000;

    model.enqueue(reply([text(`Checkout for payments failed for ${minutes} min 0 s at severity high; a rollback ended it.`)]));
    const honest = await draft(bot, id);
    expect(honest.modelSummary).toBe(true);
    expect(honest.markdown).toContain(`Checkout for payments failed for ${minutes} min`);
    // The model read the incident as delimited data, with the instruction not to invent figures.
    const request = model.requests[0]!.body;
    expect(String(request.messages[0]!.content)).toMatch(/<data>\n[\s\S]*"id": "INC-\d{4}-\d{4}"[\s\S]*\n<\/data>$/);
    expect(JSON.stringify(request.system)).toMatch(/Cite no number/);
    expect(JSON.stringify(request)).not.toContain('sk-ant-test-key');

    model.enqueue(reply([text(`Checkout failed for ${minutes} minutes and 4,137 payments were lost.`)]));
    const invented = await draft(bot, id);
    expect(invented.modelSummary).toBe(false);
    expect(invented.refused).toMatch(/cited figures that are not in the incident's data \(4,137|\(4\b/);
    expect(invented.markdown).not.toContain('payments were lost');
    expect(invented.markdown).toContain(`${id} "checkout errors" (severity high, service payments) was declared at`);
  });

  it('proposes the draft as a pull request to incidents.postmortems.repo through the GitHub adapter, after a confirmation', async () => {
    const token = 'ghp_postmortemtoken1234567890abcdef';
    const github = new FakeGitHub('org/postmortems', token);
    const apiUrl = await github.start();
    stops.push(() => github.stop());
    const bot = (opsbot = await testOpsbot({
      now: minuteClock('2026-12-01T10:00:00Z'),
      env: { GITHUB_TOKEN: token },
      overrides: { people: PEOPLE, incidents: { postmortems: { repo: 'org/postmortems', path: 'postmortems/{date}-{id}.md' } }, backends: { releases: { adapter: 'github', repository: 'org/postmortems', apiUrl }, metrics: { adapter: 'demo' }, alerts: { adapter: 'demo' }, runbooks: { adapter: 'demo' }, oncall: { adapter: 'demo' }, paging: { adapter: 'demo' }, incidents: { adapter: 'demo' }, deploys: { adapter: 'demo' } } },
    }));
    const id = await scriptedIncident(bot);
    const proposed = await bot.gateway.call({ tool: 'postmortem_publish', args: { id }, actor: 'U00SRE', origin: { frontEnd: 'cli' } });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    expect(github.pulls).toHaveLength(0);
    expect(proposed.action.preview).toMatchObject({ incident: id, file: `postmortems/2026-12-01-${id}.md` });
    const done = await bot.gateway.confirm(proposed.action.id, 'U00SRE', { frontEnd: 'cli' });
    expect(done.status).toBe('executed');
    const file = github.files.get(`postmortem/${id.toLowerCase()}:postmortems/2026-12-01-${id}.md`);
    expect(file?.content).toContain(`# Postmortem: ${id} checkout errors (draft)`);
    expect(github.pulls).toEqual([expect.objectContaining({ title: `Postmortem ${id}: checkout errors`, head: { ref: `postmortem/${id.toLowerCase()}` }, base: { ref: 'main' } })]);
  });
});
