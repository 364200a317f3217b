import pino, { type Logger } from 'pino';

export function createLogger(level: string, name = 'batch-jobs'): Logger {
  return pino({ name, level });
}
