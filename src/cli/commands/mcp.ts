import type { Command } from 'commander';

/** Registers `opsbot mcp` (MCP server over stdio or Streamable HTTP). */
export function registerMcpCommand(_program: Command): void {}
