import { sourceMappedStack } from './source-mapped-stack';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Field names whose values never reach a log line, at any depth (x-deskbooks-origin: CloudFront's
// origin header, shared/origin/origin-secret.ts).
const SECRET_FIELD =
  /pass|secret|token|cookie|authorization|otp|recovery|ciphertext|^sid$|^key$|^x-deskbooks-origin$/i;

export const redact = (value: unknown, depth = 0): unknown => {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error)
    return { name: value.name, message: value.message, stack: value.stack && sourceMappedStack(value.stack) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_FIELD.test(key) && item !== undefined && typeof item !== 'boolean' && typeof item !== 'number'
        ? '[redacted]'
        : redact(item, depth + 1),
    ]),
  );
};

export const createLogger = (
  level: LogLevel = 'info',
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger => {
  const emit = (at: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[at] < LEVELS[level]) return;
    const entry = {
      level: at,
      time: new Date().toISOString(),
      message,
      ...base,
      ...(fields ? (redact(fields) as object) : {}),
    };
    write(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger(level, { ...base, ...(redact(fields) as object) }, write),
  };
};
