// Structured logs (pino). JSON at info level unless logLevel asks otherwise (SPEC §11.3, §12.33).
import { hostname } from 'node:os';
import pino from 'pino';

export type Logger = pino.Logger;

const levels = new Set(['debug', 'info', 'warn', 'error']);

export function createLogger(logLevel: string): Logger {
  const level = levels.has(logLevel) ? logLevel : 'info';
  return pino({
    level,
    base: { app: 'mort', hostname: hostname(), pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Quiet by default so test output stays readable; modules get a real logger at start-up. */
export let log: Logger = pino({ level: process.env.MORT_LOG_LEVEL ?? 'silent' });

export function setLogger(logger: Logger): void {
  log = logger;
}
