import { inspect } from 'node:util';
import { type Logger, LogLevel } from '@slack/bolt';

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
const MIN_SECRET_LENGTH = 6;

/**
 * The app's logger (also Bolt's): one line per entry on stderr/stdout, with every configured secret (tokens,
 * signing secret, SMTP password) replaced by `[redacted]` wherever it appears, error stacks included.
 */
export interface LoggerOptions {
  level?: LogLevel;
  secrets?: (string | undefined)[];
  name?: string;
  /** Where lines go; stdout (stderr for warnings and errors) by default. */
  sink?: (line: string, level: LogLevel) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  let level = options.level ?? LogLevel.INFO;
  let name = options.name ?? 'sportello';
  const secrets = (options.secrets ?? []).filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH);
  const redact = (text: string) =>
    secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  const format = (parts: unknown[]) =>
    redact(
      parts
        .map((p) => (typeof p === 'string' ? p : inspect(p, { depth: 4, breakLength: Infinity })))
        .join(' '),
    );
  const write = (at: LogLevel, parts: unknown[]) => {
    if (ORDER.indexOf(at) < ORDER.indexOf(level)) return;
    const line = `${new Date().toISOString()} ${at.toUpperCase()} [${name}] ${format(parts)}\n`;
    if (options.sink) options.sink(line, at);
    else (at === LogLevel.ERROR || at === LogLevel.WARN ? process.stderr : process.stdout).write(line);
  };
  return {
    debug: (...parts) => write(LogLevel.DEBUG, parts),
    info: (...parts) => write(LogLevel.INFO, parts),
    warn: (...parts) => write(LogLevel.WARN, parts),
    error: (...parts) => write(LogLevel.ERROR, parts),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
