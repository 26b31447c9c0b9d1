import { afterAll, describe, expect, it } from 'vitest';
import { type CliSandbox, cliSandbox } from './cli-harness.js';

const DEPLOY = 'deploy frontend v2.4.0 to production';

// The done-when, through the real binary: refused, proposed, refused approver, approved, deployed.
describe('opsbot ask / confirm / actions', () => {
  const sandbox: CliSandbox = cliSandbox();
  let actionId = '';
  afterAll(() => sandbox.cleanup());

  it('ask --json prints exactly one object with the reply and no actions for a read', async () => {
    const result = await sandbox.run(['ask', 'status frontend', '--as', 'U00VIEWER', '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { reply: string; actions: unknown[] };
    expect(Object.keys(parsed).sort()).toEqual(['actions', 'reply']);
    expect(parsed.reply).toMatch(/frontend \(production\) [A-Z]+ · v2\.3\.1/);
    expect(parsed.actions).toEqual([]);
  });

  it('refuses a developer\'s production deploy', async () => {
    const result = await sandbox.run(['ask', DEPLOY, '--as', 'U00DEV']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Refused: U00DEV lacks deploy:production/);
  });

  it('turns a lead\'s production deploy into a pending action', async () => {
    const result = await sandbox.run(['ask', DEPLOY, '--as', 'U00LEAD', '--json']);
    expect(result.code).toBe(0);
    const { reply, actions } = JSON.parse(result.stdout) as { reply: string; actions: Array<Record<string, unknown>> };
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      tool: 'deploy',
      args: { service: 'frontend', version: 'v2.4.0', environment: 'production' },
      state: 'proposed',
      summary: DEPLOY,
      approver: expect.stringContaining('a lead holding deploy:production other than U00LEAD'),
      expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    actionId = String(actions[0]!.id);
    expect(actionId).toMatch(/^act_[0-9a-f]+$/);
    expect(reply).toContain(`[confirm ${actionId} | reject ${actionId}]`);
  });

  it('refuses the requester as approver and leaves the action pending', async () => {
    const result = await sandbox.run(['confirm', actionId, '--as', 'U00LEAD']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`You cannot approve ${actionId}: U00LEAD requested this action`);
    const listed = JSON.parse((await sandbox.run(['actions', '--json'])).stdout) as { actions: Array<{ id: string; state: string }> };
    expect(listed.actions.find((action) => action.id === actionId)?.state).toBe('proposed');
  });

  it('runs the deploy when another lead confirms, showing progress', async () => {
    const result = await sandbox.run(['confirm', actionId, '--as', 'U00LEAD2']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${actionId} approved by U00LEAD2`);
    expect(result.stdout).toContain(`${actionId} running: ${DEPLOY}`);
    expect(result.stdout).toContain(`${actionId} succeeded: Deployed frontend v2.3.1 → v2.4.0 in production.`);
  });

  it('shows the new version afterwards, and refuses a second confirm', async () => {
    const status = await sandbox.run(['ask', 'status frontend', '--as', 'U00VIEWER']);
    expect(status.stdout).toMatch(/frontend \(production\) [A-Z]+ · v2\.4\.0/);
    const again = await sandbox.run(['confirm', actionId, '--as', 'U00LEAD2']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(`${actionId} was approved by U00LEAD2 and has already succeeded`);
    const listed = await sandbox.run(['actions']);
    expect(listed.stdout).toMatch(new RegExp(`${actionId}\\s+succeeded\\s+${DEPLOY} \\(requested by U00LEAD, approved by U00LEAD2\\)`));
  });

  it('reject by the requester withdraws a proposal; confirm needs a stated identity', async () => {
    const { actions } = JSON.parse((await sandbox.run(['ask', 'rollback auth in staging', '--as', 'U00DEV', '--json'])).stdout) as { actions: Array<{ id: string }> };
    const rejected = await sandbox.run(['reject', actions[0]!.id, '--as', 'U00DEV']);
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain(`${actions[0]!.id} was cancelled by U00DEV; nothing ran.`);
    const anonymous = await sandbox.run(['confirm', actions[0]!.id]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/--as USER/);
  });
});
