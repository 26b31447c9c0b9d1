import { describe, expect, it } from 'vitest';
import { stablePrompt, systemPrompt } from '../../../src/agent/claude/system-prompt.js';
import { toolSchema, toolSchemas } from '../../../src/agent/claude/tool-schemas.js';
import { builtinTools } from '../../../src/tools/index.js';
import { testConfig } from '../../support/test-opsbot.js';

const config = testConfig();
const tools = builtinTools(config);

describe('tool schemas', () => {
  it('converts every registry tool to a JSON Schema with real properties', () => {
    expect(tools).toHaveLength(32);
    for (const tool of tools) {
      const schema = toolSchema(tool).input_schema;
      expect(schema.type, tool.name).toBe('object');
      expect(Object.keys(schema.properties as object).length, tool.name).toBeGreaterThan(0);
      expect(schema).not.toHaveProperty('$schema');
    }
    expect(toolSchema(tools.find((tool) => tool.name === 'deploy')!).input_schema.required).toEqual(['service', 'environment', 'version']);
  });

  it('marks only the last tool for caching, without touching the shared definitions', () => {
    const list = toolSchemas(tools);
    expect(list.filter((tool) => tool.cache_control)).toEqual([list[list.length - 1]]);
    expect(toolSchema(tools[tools.length - 1]!).cache_control).toBeUndefined();
    expect(toolSchemas([])).toEqual([]);
  });
});

describe('system prompt', () => {
  it('keeps the cached block identical across users and times, and puts identity and time after it', () => {
    const lead = systemPrompt(config, { userId: 'U00LEAD', roles: ['lead'], patterns: [{ pattern: 'deploy:*', role: 'lead' }] }, { frontEnd: 'slack' }, new Date('2026-03-02T10:00:00Z'));
    const viewer = systemPrompt(config, { userId: 'U00VIEWER', roles: ['viewer'], patterns: [{ pattern: 'read:*', role: 'viewer' }] }, { frontEnd: 'shell' }, new Date('2026-03-03T11:30:00Z'));
    expect(lead[0]).toEqual(viewer[0]);
    expect(lead[0]!.cache_control).toEqual({ type: 'ephemeral' });
    expect(lead[1]!.text).toContain('Now: 2026-03-02T10:00Z (Mon)');
    expect(lead[1]!.text).toContain('User: U00LEAD (Lee Lead); roles: lead; permissions: deploy:*.');
    expect(viewer[1]!.text).toContain('U00VIEWER (Vic Viewer); roles: viewer');
  });

  it('carries the service catalog: services, components, teams and environments', () => {
    const text = stablePrompt(config);
    expect(text).toContain('Environments: staging, production');
    expect(text).toContain('- payments (team payments; components checkout, ledger, psp-gateway): Checkout and ledger');
    expect(text).toContain('- identity: Authentication');
    expect(text).toContain('<tool_result_data>');
  });
});
