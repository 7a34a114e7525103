/** A seed that cannot be read or does not validate; the message names the file and the field. */
export class SeedError extends Error {
  override readonly name = 'SeedError';
}
