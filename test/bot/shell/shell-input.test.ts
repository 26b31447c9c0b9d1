import { describe, expect, it } from 'vitest';
import { parseShellInput } from '../../../src/bot/shell/shell-input.js';

describe('parseShellInput', () => {
  it.each([
    ['', { kind: 'empty' }],
    ['/quit', { kind: 'quit' }],
    ['help', { kind: 'help' }],
    ['/as u00lead2', { kind: 'as', user: 'U00LEAD2' }],
    ['/as', { kind: 'as', user: undefined }],
    ['y', { kind: 'confirm', actionId: undefined }],
    ['n', { kind: 'reject', actionId: undefined }],
    ['confirm act_1a2b3c4d5e', { kind: 'confirm', actionId: 'act_1a2b3c4d5e' }],
    ['reject act_1a2b3c4d5e', { kind: 'reject', actionId: 'act_1a2b3c4d5e' }],
    ['/whoami', { kind: 'whoami' }],
  ])('"%s" is a shell command', (line, expected) => {
    expect(parseShellInput(line)).toEqual(expected);
  });

  it('passes everything else to opsbot as said', () => {
    expect(parseShellInput('  deploy frontend v2.4.0 to staging ')).toEqual({ kind: 'message', text: 'deploy frontend v2.4.0 to staging' });
    expect(parseShellInput('help deploy')).toEqual({ kind: 'message', text: 'help deploy' });
    expect(parseShellInput('no idea what is deployed')).toEqual({ kind: 'message', text: 'no idea what is deployed' });
  });
});
