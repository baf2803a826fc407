import type { LoggerOptions } from 'pino';

/** pino options for the server: JSON lines, request ids, secrets redacted. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["idempotency-key"]', 'payment.number'],
      censor: '[redacted]',
    },
  };
}
