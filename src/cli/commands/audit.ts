import type { Command } from 'commander';
import type { AuditRecord } from '../../audit/audit-log.js';
import { OpsbotError } from '../../errors.js';
import { withOpsbot } from './open-opsbot.js';
import { print } from '../print.js';

/** Registers `opsbot audit tail [-n N]` and `opsbot audit verify`. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('tail')
    .description('the last audit records, oldest first')
    .option('-n, --lines <count>', 'how many records', (value) => Number.parseInt(value, 10), 20)
    .action(async (options: { lines: number }) => {
      await withOpsbot(async (opsbot) => {
        const records = await opsbot.audit.tail(Number.isFinite(options.lines) && options.lines > 0 ? options.lines : 20);
        print(records.length ? records.map(formatRecord).join('\n') : 'The audit log is empty.');
      });
    });
  audit
    .command('verify')
    .description('check every hash link; exits non-zero naming the first record that was edited, deleted, reordered or truncated')
    .action(async () => {
      await withOpsbot(async (opsbot) => {
        const verdict = await opsbot.audit.verify();
        if (!verdict.ok) throw new OpsbotError('audit_broken', `audit chain broken at record ${verdict.badSeq} (${verdict.problem}): ${verdict.message}; ${verdict.records} record(s) read`);
        console.log(`audit chain ok: ${verdict.records} record(s), head ${verdict.headHash.slice(0, 16)}…`);
      });
    });
}

function formatRecord(record: AuditRecord): string {
  const detail = record.detail as { reason?: string; text?: string } | undefined;
  // One record, one line: multi-line result text is cut at its first line.
  const full = detail?.reason ?? detail?.text;
  const firstLine = full?.split('\n')[0];
  const note = firstLine !== undefined && firstLine !== full ? `${firstLine} …` : firstLine;
  const parts = [`#${record.seq}`, record.at, record.actor, record.event, record.tool, record.actionId, record.decision && `→ ${record.decision}`, note && `(${note.length > 100 ? `${note.slice(0, 99)}…` : note})`];
  return parts.filter(Boolean).join(' ');
}
