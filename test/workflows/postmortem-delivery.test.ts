import { afterEach, describe, expect, it } from 'vitest';
import { type FileUpload, PostmortemDelivery, type RoomFile } from '../../src/workflows/postmortem-delivery.js';
import { FakeGitHub } from '../support/fake-github-server.js';
import { minuteClock, scriptedIncident } from '../support/scripted-incident.js';
import { testOpsbot } from '../support/test-opsbot.js';

const PEOPLE = { U00LEAD: { name: 'Lee Lead', pagerduty: 'PLEE001' }, U00SRE: { name: 'Sam Reliability' }, U00LEAD2: { name: 'Lou Lead' } };

describe('the published postmortem is delivered as a file in the incident room', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  it('once across two replicas, with the very Markdown the pull request proposes', async () => {
    const token = 'ghp_postmortemdelivery1234567890abcd';
    const github = new FakeGitHub('org/postmortems', token);
    const apiUrl = await github.start();
    stops.push(() => github.stop());
    const demo = { adapter: 'demo' } as const;
    const bot = await testOpsbot({
      now: minuteClock('2026-12-01T10:00:00Z'),
      env: { GITHUB_TOKEN: token },
      overrides: { people: PEOPLE, incidents: { postmortems: { repo: 'org/postmortems', path: 'postmortems/{date}-{id}.md' } }, backends: { releases: { adapter: 'github', repository: 'org/postmortems', apiUrl }, metrics: demo, alerts: demo, runbooks: demo, oncall: demo, paging: demo, incidents: demo, deploys: demo } },
    });
    stops.push(() => bot.cleanup());
    const id = await scriptedIncident(bot);
    // Files as a chat platform keeps them: per conversation, in order.
    const files = new Map<string, RoomFile[]>();
    const upload: FileUpload = async (place, file) => void files.set(place.channel, [...(files.get(place.channel) ?? []), file]);
    const work: Array<Promise<unknown>> = [];
    const replica = () => new PostmortemDelivery({ kv: bot.kv, upload, roomOf: async (incident) => (incident === id ? 'C0ROOM' : undefined), track: (_label, job) => work.push(job), onError: (error) => { throw error; } });
    for (const delivery of [replica(), replica()]) bot.gateway.onActionChange(delivery.onActionChange);

    const proposed = await bot.gateway.call({ tool: 'postmortem_publish', args: { id }, actor: 'U00SRE', origin: { frontEnd: 'cli' } });
    if (proposed.status !== 'pending') throw new Error(proposed.text);
    await bot.gateway.confirm(proposed.action.id, 'U00SRE', { frontEnd: 'cli' });
    await Promise.all(work);

    const path = `postmortems/2026-12-01-${id}.md`;
    const proposedFile = github.files.get(`postmortem/${id.toLowerCase()}:${path}`)!;
    expect(files.get('C0ROOM')).toHaveLength(1);
    const [file] = files.get('C0ROOM')!;
    expect(file).toMatchObject({ filename: `2026-12-01-${id}.md`, mimeType: 'text/markdown', title: expect.stringContaining(`Postmortem draft of ${id}`) });
    expect(file!.bytes.toString('utf8')).toBe(proposedFile.content);
    expect(file!.bytes.toString('utf8')).toContain(`# Postmortem: ${id} checkout errors (draft)`);
  });
});
