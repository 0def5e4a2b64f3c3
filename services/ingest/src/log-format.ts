/**
 * Logs people read on a terminal, JSON for machines: LOG_FORMAT=pretty|json|auto (auto: pretty when stdout
 * is a terminal). The pretty form is one compact line per record, `12:03:04 WARN  message key=value`, with
 * the error's stack indented below it.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const LOG_FORMATS = ['pretty', 'json', 'auto'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function resolveLogFormat(format: LogFormat, isTerminal: boolean): 'pretty' | 'json' {
  if (format === 'auto') return isTerminal ? 'pretty' : 'json';
  return format;
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'v']);

function plain(value: unknown): string {
  if (typeof value === 'string') return /[\s="]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** One JSON log record as a human-readable line (or the line as it is, if it is not JSON). */
export function prettyLogLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof record.time === 'number' ? new Date(record.time).toTimeString().slice(0, 8) : '';
  const level = LEVELS[Number(record.level)] ?? String(record.level ?? '');
  const fields = Object.entries(record)
    .filter(([key]) => !OMIT.has(key))
    .map(([key, value]) => `${key}=${plain(value)}`);
  const err = record.err as { message?: string; stack?: string } | undefined;
  const parts = [time, level, String(record.msg ?? ''), ...fields];
  if (err?.message && !err.stack) parts.push(`error=${plain(err.message)}`);
  const stack = err?.stack ? `\n    ${err.stack.split('\n').join('\n    ')}` : '';
  return `${parts.filter(Boolean).join(' ')}${stack}\n`;
}

/** The service's logger, writing to `out` in the chosen format. */
export function createLogger(
  options: { level: string; format: 'pretty' | 'json' },
  out: NodeJS.WritableStream = process.stdout,
): Logger {
  if (options.format === 'json') return pino({ level: options.level }, out as DestinationStream);
  const stream: DestinationStream = { write: (line: string) => out.write(prettyLogLine(line)) };
  return pino({ level: options.level }, stream);
}
