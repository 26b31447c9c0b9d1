import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { redact, redactText } from '../util/redact.js';

/** opsbot's structured logger: JSON lines (level, time, component, msg, ids) for a log pipeline, or readable lines on a terminal. */
export type OpsbotLogger = Logger;

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** The level from `LOG_LEVEL` (or the older `OPSBOT_LOG_LEVEL`), info when unset or unknown. */
export function logLevelOf(env: NodeJS.ProcessEnv): string {
  const wanted = (env.LOG_LEVEL ?? env.OPSBOT_LOG_LEVEL)?.toLowerCase();
  return wanted && LEVELS.has(wanted) ? wanted : 'info';
}

/**
 * A logger writing to `destination` (stderr): JSON lines when it is not a terminal, `12:00:01 WARN slack: …` lines
 * when it is. Every message and every field passes the same redaction as audit records and model context, so a
 * token in an error text or a request never reaches a log.
 */
export function createLogger(options: { env?: NodeJS.ProcessEnv; destination?: NodeJS.WritableStream & { isTTY?: boolean } } = {}): OpsbotLogger {
  const env = options.env ?? process.env;
  const destination = options.destination ?? process.stderr;
  return pino(
    {
      level: logLevelOf(env),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (object) => redact(object) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((argument) => (typeof argument === 'string' ? redactText(argument) : argument)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination.isTTY ? readableLines(destination) : (destination as Writable),
  );
}

/** The process-wide logger; components take a child: `rootLogger().child({ component: 'webhooks' })`. */
export function rootLogger(): OpsbotLogger {
  root ??= createLogger();
  return root;
}

let root: OpsbotLogger | undefined;

/** JSON lines turned back into short lines a person reads at a terminal. */
function readableLines(terminal: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const { level, time, component, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
          terminal.write(`${String(time).slice(11, 19)} ${String(level).toUpperCase()}${component ? ` ${String(component)}` : ''}: ${String(msg ?? '')}${extra}\n`);
        } catch {
          terminal.write(`${line}\n`);
        }
      }
      callback();
    },
  });
}
