import { afterAll, describe, expect, it } from 'vitest';
import { type CliSandbox, cliSandbox } from './cli-harness.js';

// Clears the screen, sets the window title, and starts a red CSI with the one-byte C1 introducer.
const HOSTILE_TITLE = '\u001b[2J\u001b]0;pwned\u0007auth down\u009b31m\rnow';
// Any control character but newline and tab.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

// Through the real binary: text from a person (an incident title) and from a backend (the incident list) reaches the terminal inert.
describe('what the CLI prints cannot drive the terminal', () => {
  const sandbox: CliSandbox = cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('neutralizes control characters in ask, actions, confirm and the incident list, and keeps the text readable', async () => {
    const asked = await sandbox.run(['ask', `incident declare "${HOSTILE_TITLE}" severity:high`, '--as', 'U00LEAD']);
    expect(asked.code).toBe(0);
    expect(asked.stdout).not.toMatch(CONTROL);
    expect(asked.stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07auth down\\x9b31m\\x0dnow');
    const id = /opsbot confirm (act_[0-9a-f]+)/.exec(asked.stdout)?.[1] ?? '';
    expect(id).not.toBe('');

    const listed = await sandbox.run(['actions']);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toMatch(CONTROL);

    const json = await sandbox.run(['actions', '--json']);
    expect(json.stdout).not.toMatch(CONTROL);
    const parsed = JSON.parse(json.stdout) as { actions: Array<{ args: { title: string } }> };
    // The JSON still carries the exact title.
    expect(parsed.actions[0]?.args.title).toBe(HOSTILE_TITLE);

    const confirmed = await sandbox.run(['confirm', id, '--as', 'U00LEAD2']);
    expect(confirmed.stdout + confirmed.stderr).not.toMatch(CONTROL);
    const incidents = await sandbox.run(['ask', 'incident list', '--as', 'U00LEAD']);
    expect(incidents.stdout).toContain('auth down');
    expect(incidents.stdout).not.toMatch(CONTROL);
  });

  it('neutralizes them in the shell too', async () => {
    const result = await sandbox.run(['shell', '--as', 'U00LEAD'], 'incident list all\n/quit\n');
    expect(result.stdout).toContain('auth down');
    expect(result.stdout).not.toMatch(CONTROL);
  });
});
