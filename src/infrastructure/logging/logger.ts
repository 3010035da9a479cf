import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; credentials are redacted wherever they might appear. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tasks-api' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.token', 'token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
