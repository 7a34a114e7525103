/**
 * A client error a channel route answers with: status, machine-readable code
 * and message. The host's one error handler turns it into `{ code, message }`.
 */
export class ChannelError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
