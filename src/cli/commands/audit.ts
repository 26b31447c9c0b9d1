import { appendFileSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { AuditRecord } from '../../audit/audit-log.js';
import { type Checkpoint, readCheckpoints, signCheckpoint } from '../../audit/checkpoint.js';
import { OpsbotError } from '../../errors.js';
import { registerSecret } from '../../util/redact.js';
import { withOpsbot } from './open-opsbot.js';
import { print } from '../print.js';

/** Registers `opsbot audit tail [-n N]`, `opsbot audit verify [--checkpoint FILE]` and `opsbot audit checkpoint [--append FILE]`. */
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
    .option('--checkpoint <file>', 'also prove the log still holds every record checkpointed in FILE (see `audit checkpoint`)')
    .action(async (options: { checkpoint?: string }) => {
      const checkpoints = options.checkpoint ? loadCheckpoints(options.checkpoint) : undefined;
      await withOpsbot(async (opsbot) => {
        const onProgress = (checked: number, total: number) => void process.stderr.write(`… ${checked.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} record(s) checked\n`);
        const verdict = await opsbot.audit.verify({ checkpoints, onProgress });
        if (!verdict.ok) throw new OpsbotError('audit_broken', `audit chain broken at record ${verdict.badSeq} (${verdict.problem}): ${verdict.message}; ${verdict.records} record(s) read`);
        const anchored = checkpoints ? `; ${verdict.checkpoints} checkpoint(s) match` : '';
        console.log(`audit chain ok: ${verdict.records} record(s), head ${verdict.headHash.slice(0, 16)}…${anchored}`);
      });
    });
  audit
    .command('checkpoint')
    .description('print a signed {seq, hash, at} of the log head, to keep outside the data directory (CloudTrail-style digest anchoring)')
    .option('--append <file>', 'also append it as one line to FILE')
    .action(async (options: { append?: string }) => {
      const key = checkpointKey();
      await withOpsbot(async (opsbot) => {
        const head = await opsbot.audit.head();
        const [last] = head.seq > 0 ? await opsbot.audit.tail(1) : [];
        // Anchoring a head that names no record would vouch for a log that is already broken.
        if (head.seq > 0 && (last?.seq !== head.seq || last.hash !== head.hash)) {
          throw new OpsbotError('audit_broken', `the audit head (record ${head.seq}) does not match the last record; run \`opsbot audit verify\` before checkpointing`);
        }
        const line = JSON.stringify(signCheckpoint(head, new Date().toISOString(), key));
        if (options.append) {
          const file = resolve(options.append);
          const inside = relative(resolve(process.env.OPSBOT_DATA_DIR ?? '.opsbot'), file);
          if (!inside.startsWith('..') && !inside.startsWith('/')) process.stderr.write('opsbot: warning: the checkpoint file is inside the data directory; whoever can rewrite the log can rewrite it too\n');
          appendFileSync(file, `${line}\n`, { mode: 0o600 });
        }
        console.log(line);
      });
    });
}

/** OPSBOT_AUDIT_CHECKPOINT_KEY, else OPSBOT_AUDIT_KEY: a checkpoint nobody signed could be forged along with the log. */
function checkpointKey(): string {
  const key = process.env.OPSBOT_AUDIT_CHECKPOINT_KEY || process.env.OPSBOT_AUDIT_KEY;
  if (!key) throw new OpsbotError('usage', 'audit checkpoints are signed: set OPSBOT_AUDIT_CHECKPOINT_KEY (or OPSBOT_AUDIT_KEY) to a secret kept outside the data directory');
  registerSecret(key);
  return key;
}

function loadCheckpoints(file: string): Checkpoint[] {
  const key = checkpointKey();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new OpsbotError('usage', `cannot read checkpoint file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const { checkpoints, problems } = readCheckpoints(text, key);
  if (problems.length > 0) throw new OpsbotError('audit_broken', `checkpoint file ${file} cannot be trusted: ${problems.join('; ')}`);
  if (checkpoints.length === 0) throw new OpsbotError('usage', `checkpoint file ${file} holds no checkpoints`);
  return checkpoints;
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
