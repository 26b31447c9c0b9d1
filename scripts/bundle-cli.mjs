// Bundles the CLI into a few ESM files so start-up loads dozens of modules instead of ~900
// (`opsbot mcp` must answer tools/list about as fast as a bare MCP server). Code split at each
// dynamic import keeps Slack, the Anthropic SDK and the MCP SDK out of commands that do not use them.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'dist/src/cli/main.js' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Native or optional at run time: loaded from node_modules as installed.
  external: ['better-sqlite3', 'pg', 'pg-native', '@slack/bolt', '@resvg/resvg-js', 'dejavu-fonts-ttf'],
  // Bundled CommonJS dependencies call require(); give the ESM output one.
  banner: { js: "import { createRequire as __opsbotCreateRequire } from 'node:module'; const require = __opsbotCreateRequire(import.meta.url);" },
});
