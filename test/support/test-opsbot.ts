import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpsbot, type Opsbot, type OpsbotOptions } from '../../src/app.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { testConfig } from './test-config.js';

export { testConfig };

/** A fully wired opsbot on a fresh store: in memory by default, or in a temp data dir (`onDisk`) for restart tests. */
export async function testOpsbot(options: OpsbotOptions & { overrides?: Partial<ConfigInput>; onDisk?: boolean } = {}): Promise<Opsbot & { dataDir?: string; cleanup(): Promise<void> }> {
  const dataDir = options.onDisk ? (options.dataDir ?? mkdtempSync(join(tmpdir(), 'opsbot-test-'))) : undefined;
  const opsbot = await createOpsbot({ config: testConfig(options.overrides), memory: !options.onDisk, env: {}, ...options, dataDir });
  return {
    ...opsbot,
    dataDir,
    async cleanup() {
      await opsbot.close();
      if (dataDir && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
