/**
 * A reason the process cannot start (unreachable database or Redis, bad seed):
 * reported as one line, without a stack trace, and the process exits non-zero.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
