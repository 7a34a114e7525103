/**
 * Domain errors are values with a stable machine-readable code. They know
 * nothing of HTTP: the one error handler maps `kind` to a status code.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (resource: string, id: string) =>
  new AppError('not_found', `${resource}_not_found`, `No ${resource.replace(/_/g, ' ')} with id "${id}".`);

export const invalid = (code: string, message: string, details?: unknown) =>
  new AppError('invalid', code, message, details);

export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError('conflict', code, message, details);

export const tooLarge = (code: string, message: string, details?: unknown) =>
  new AppError('too_large', code, message, details);

export const forbidden = (message = 'You may not do this.') => new AppError('forbidden', 'forbidden', message);

export const unauthenticated = (message = 'A valid bearer token is required.') =>
  new AppError('unauthenticated', 'unauthenticated', message);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
