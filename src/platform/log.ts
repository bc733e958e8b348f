import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Tests pass level 'silent'. */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { service: 'hearth' } });
}
