import { describe, expect, it } from 'vitest';
import { toolSchema, toolSchemas } from '../../../src/agent/claude/tool-schemas.js';
import { createRegistry } from '../../../src/tools/index.js';
import { testConfig } from '../../support/test-config.js';

const registry = createRegistry(testConfig());

describe('tool definitions sent to the model', () => {
  it('are zod 4 JSON Schema with real names, without length bounds or a type beside a string enum', () => {
    const page = toolSchema(registry.get('page')!);
    expect(page.input_schema).toEqual({
      type: 'object',
      properties: {
        target: { enum: ['person', 'team', 'incident_commander', 'responders'] },
        person: { type: 'string' },
        team: { enum: ['web', 'platform', 'identity', 'payments'] },
        message: { type: 'string' },
      },
      required: ['target', 'message'],
    });
    expect(JSON.stringify(toolSchemas(registry.list()))).not.toMatch(/minLength|maxLength|\$schema|"type":"string","enum"/);
  });
});
