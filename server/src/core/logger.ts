import pino from 'pino';

export type Logger = pino.Logger;

/**
 * The process's one logger (pino, JSON lines on stdout). `LOG_LEVEL` sets the level (`info` by default;
 * `silent` under jest unless set). Nothing personal is ever passed to it: the access log (app.ts) names
 * route patterns, never URLs with their query strings, and no bodies; errors carry the driver's message
 * only. The redaction paths are a second line for anything that would carry a header or a password.
 */
export function createLogger(level = defaultLevel(), destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'headers.cookie',
          'headers.authorization',
          'res.headers["set-cookie"]',
          '*.password',
          'password',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `LOG_LEVEL`, checked (a typo is a clear start-up error, not pino's), else `info` (`silent` under jest). */
export function defaultLevel(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.LOG_LEVEL?.trim().toLowerCase();
  if (configured) {
    if (!(LOG_LEVELS as readonly string[]).includes(configured)) {
      throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${configured}"`);
    }
    return configured;
  }
  return env.NODE_ENV === 'test' ? 'silent' : 'info';
}
