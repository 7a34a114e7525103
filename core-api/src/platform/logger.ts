import type { LoggerOptions } from 'pino';

/**
 * Log options shared by every process. Patient data must never reach a log:
 * bodies are not logged at all, and the fields that could carry identifiers or
 * secrets are redacted wherever they appear.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-twilio-signature"]',
        'req.headers["x-hub-signature-256"]',
        '*.password',
        '*.token',
        '*.phone',
        '*.email',
        '*.intake',
        '*.dateOfBirth',
        '*.text',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // Query strings may carry tokens (iCalendar feeds, Direct Line streams).
      req: (request: { method: string; url: string; id: string }) => ({
        method: request.method,
        url: request.url.split('?')[0],
        id: request.id,
      }),
    },
  };
}
