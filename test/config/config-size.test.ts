import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES, readConfigFile } from '../../src/app/load-config.js';
import { demoConfig } from '../../src/config/demo-config.js';

describe('configuration file size', () => {
  it('refuses a file past the cap before parsing it, and reads one just under it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsbot-config-size-'));
    try {
      const huge = join(dir, 'huge.yaml');
      // Not even YAML: a parse would fail differently, so the refusal shows nothing was parsed.
      writeFileSync(huge, `{${'x'.repeat(MAX_CONFIG_BYTES + 10)}`);
      expect(() => readConfigFile(huge)).toThrow(`${huge}: larger than 1 MiB, which no configuration needs; nothing was parsed`);
      const padded = join(dir, 'padded.yaml');
      const text = stringify(demoConfig);
      writeFileSync(padded, `${text}${'#'.repeat(MAX_CONFIG_BYTES - Buffer.byteLength(text) - 1)}\n`);
      expect(readConfigFile(padded).services.length).toBe(demoConfig.services.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
