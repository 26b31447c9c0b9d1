import { describe, expect, it } from 'vitest';
import { OutcomeUnknown, ToolFailure } from '../src/errors.js';
import { isUserId, userIdSchema } from '../src/config/user-id.js';

describe('error channels', () => {
  it('a ToolFailure says why by code: refused unless told, outcome_unknown for OutcomeUnknown', () => {
    expect(new ToolFailure('no such service').code).toBe('refused');
    expect(new OutcomeUnknown('statuses stopped').code).toBe('outcome_unknown');
    expect(new OutcomeUnknown('statuses stopped')).toBeInstanceOf(ToolFailure);
  });
});

describe('user ids', () => {
  it('accepts U… and W… ids only, never names', () => {
    expect(isUserId('U00LEAD')).toBe(true);
    expect(isUserId('W012ABC')).toBe(true);
    expect(isUserId('alice')).toBe(false);
    expect(isUserId('U1')).toBe(false);
    expect(userIdSchema.safeParse('u00lead').success).toBe(false);
  });
});
