import { format } from 'node:util';
import { LogLevel, type Logger } from '@slack/bolt';
import { rootLogger } from '../../observability/logger.js';
import { redactText } from '../../util/redact.js';

const SEVERITY: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/** Where log lines go; stderr by default, a list in tests. */
export type LogSink = (level: LogLevel, line: string) => void;

/**
 * Bolt's logger contract, with every line scrubbed of secrets first: Bolt and the Web API client log request
 * details and errors, and a token must never reach a log (DESIGN §5).
 */
export class RedactingLogger implements Logger {
  private level: LogLevel;
  private name = 'opsbot:slack';

  /** Without a sink, lines go to the process logger (pino: JSON lines off a terminal) with this logger's name as component. */
  constructor(
    level: LogLevel = LogLevel.INFO,
    private readonly sink?: LogSink,
  ) {
    this.level = level;
  }

  debug(...message: unknown[]): void {
    this.write(LogLevel.DEBUG, message);
  }

  info(...message: unknown[]): void {
    this.write(LogLevel.INFO, message);
  }

  warn(...message: unknown[]): void {
    this.write(LogLevel.WARN, message);
  }

  error(...message: unknown[]): void {
    this.write(LogLevel.ERROR, message);
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setName(name: string): void {
    this.name = name;
  }

  private write(level: LogLevel, message: unknown[]): void {
    if (SEVERITY[level] < SEVERITY[this.level]) return;
    const text = redactText(format(...message));
    if (this.sink) this.sink(level, `[${level.toUpperCase()}] ${this.name} ${text}`);
    else rootLogger().child({ component: this.name })[level](text);
  }
}

/** A log level from `OPSBOT_LOG_LEVEL` (debug, info, warn, error), info when unset or unknown. */
export function logLevelFrom(value: string | undefined): LogLevel {
  const wanted = value?.toLowerCase();
  return Object.values(LogLevel).find((level) => level === wanted) ?? LogLevel.INFO;
}
