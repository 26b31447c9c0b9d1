import { describe, expect, it } from 'vitest';
import { systemPrompt } from '../../../src/agent/claude/system-prompt.js';
import { toolSchemas } from '../../../src/agent/claude/tool-schemas.js';
import { createOpsbot } from '../../../src/app.js';
import { demoConfig } from '../../../src/config/demo-config.js';
import { validateConfig } from '../../../src/app/validate-config.js';

/**
 * What every model request repeats — the system prompt plus every tool a lead sees — stays under 2,500 tokens.
 * Bytes are counted at a conservative 3.5 bytes per token (JSON-heavy text), so 2,500 tokens is 8,750 bytes:
 * a new tool pays for itself in words. `npm run bench -- agent` prints the same figure with the heaviest tools.
 */
const BUDGET_TOKENS = 2_500;
const BYTES_PER_TOKEN = 3.5;

describe('prompt budget', () => {
  it('keeps the system prompt and all tool definitions for a lead under 2,500 tokens', async () => {
    const opsbot = await createOpsbot({ config: validateConfig(demoConfig), memory: true, env: {} });
    try {
      const visible = await opsbot.gateway.visibleTools('U00LEAD');
      expect(visible.length).toBe(opsbot.gateway.catalog.list().length);
      const grants = await opsbot.gateway.grantsOf('U00LEAD');
      const system = systemPrompt(opsbot.config, grants, { frontEnd: 'slack' }, new Date('2026-12-01T10:00:00Z'));
      const bytes = system.reduce((sum, block) => sum + Buffer.byteLength(block.text), 0) + Buffer.byteLength(JSON.stringify(toolSchemas(visible)));
      expect(bytes / BYTES_PER_TOKEN).toBeLessThan(BUDGET_TOKENS);
    } finally {
      await opsbot.close();
    }
  });
});
