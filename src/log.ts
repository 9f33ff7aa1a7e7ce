import { pino, type Logger } from 'pino';

export type { Logger };

/** The process logger: structured JSON lines on stdout. */
export function createLogger(level: string = process.env.XUC_LOG_LEVEL || 'info'): Logger {
  return pino({ level, base: { service: 'xuc' } });
}

/** A logger that drops everything, for tests that do not read logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
