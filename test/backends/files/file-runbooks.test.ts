import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRunbooks } from '../../../src/backends/files/file-runbooks.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { ToolFailure } from '../../../src/errors.js';
import { runbooksContract } from '../contracts/runbooks-contract.js';
import { testOpsbot } from '../../support/test-opsbot.js';

const HIGH_ERROR_RATE = `---
title: High error rate
alerts: [HighErrorRate]
services: [api, frontend]
owner: platform
---
# High error rate

When the 5xx share passes 5%:

1. Check the deploy history; roll back a fresh deploy first.
2. Open \`status api\` to see which component carries the errors.
   - Look at the gateway logs.
3. Declare an incident if it lasts 10 minutes.
`;

const DATABASE = `---
alerts: [DatabaseDown]
services: [api]
---
# API database down

- [ ] Check the primary is reachable.
- [x] Fail over to the replica.
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsbot-runbooks-'));
  writeFileSync(join(dir, 'high-error-rate.md'), HIGH_ERROR_RATE);
  writeFileSync(join(dir, 'api-database.md'), DATABASE);
  writeFileSync(join(dir, 'notes.txt'), 'not a runbook');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runbooks from a folder of Markdown files', () => {
  describe('the runbooks port contract', () => {
    runbooksContract(() => ({ runbooks: new FileRunbooks(dir), known: { name: 'high-error-rate', alert: 'HighErrorRate', service: 'api' } }));
  });

  it('reads the title, what it applies to and the list items as steps; a title may come from the heading', async () => {
    const runbooks = new FileRunbooks(dir);
    expect(await runbooks.find('HighErrorRate')).toEqual({
      name: 'high-error-rate',
      title: 'High error rate',
      appliesTo: ['HighErrorRate', 'api', 'frontend'],
      steps: ['Check the deploy history; roll back a fresh deploy first.', 'Open `status api` to see which component carries the errors.', 'Look at the gateway logs.', 'Declare an incident if it lasts 10 minutes.'],
      url: join(dir, 'high-error-rate.md'),
    });
    expect(await runbooks.find('databasedown')).toMatchObject({ title: 'API database down', steps: ['Check the primary is reachable.', 'Fail over to the replica.'] });
    expect((await runbooks.list()).map((runbook) => runbook.name)).toEqual(['api-database', 'high-error-rate']);
  });

  it('answers the runbook tool through the gateway, linking the file', async () => {
    const opsbot = await testOpsbot({ overrides: { backends: { runbooks: { adapter: 'files', dir } } as ConfigInput['backends'] } });
    try {
      const outcome = await opsbot.gateway.call({ tool: 'runbook', args: { query: 'HighErrorRate' }, actor: 'U00VIEWER', origin: { frontEnd: 'test' } });
      expect(outcome.status).toBe('ok');
      expect(outcome.text.split('\n')).toEqual([
        `Runbook: High error rate (${join(dir, 'high-error-rate.md')})`,
        '  1. Check the deploy history; roll back a fresh deploy first.',
        '  2. Open `status api` to see which component carries the errors.',
        '  3. Look at the gateway logs.',
        '  4. Declare an incident if it lasts 10 minutes.',
      ]);
    } finally {
      await opsbot.cleanup();
    }
  });

  it('a missing folder or a bad file is a clear error naming it', async () => {
    const missing = join(dir, 'nowhere');
    await expect(new FileRunbooks(missing).list()).rejects.toThrow(`The runbook folder ${missing} does not exist (backends.runbooks.dir).`);

    const bad = mkdtempSync(join(tmpdir(), 'opsbot-runbooks-bad-'));
    try {
      writeFileSync(join(bad, 'broken.md'), '---\ntitle: [unclosed\n---\n- step\n');
      const error = await new FileRunbooks(bad).find('anything').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ToolFailure);
      expect((error as Error).message).toMatch(new RegExp(`^Runbook ${join(bad, 'broken.md')}: the front matter is not valid YAML`));

      writeFileSync(join(bad, 'broken.md'), '---\nalerts: HighErrorRate\n---\n- step\n');
      await expect(new FileRunbooks(bad).list()).rejects.toThrow(`Runbook ${join(bad, 'broken.md')}: bad front matter (alerts:`);

      writeFileSync(join(bad, 'broken.md'), '---\ntitle: Nothing to do\n---\nJust prose.\n');
      await expect(new FileRunbooks(bad).list()).rejects.toThrow(`Runbook ${join(bad, 'broken.md')}: no steps`);

      writeFileSync(join(bad, 'broken.md'), '---\ntitle: Never closed\n- step\n');
      await expect(new FileRunbooks(bad).list()).rejects.toThrow('never closed');
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
