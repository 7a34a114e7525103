/**
 * A failure a skill detects itself (before or instead of calling core-api),
 * already phrased for the model: what went wrong and how to fix the call.
 */
export class SkillError extends Error {
  override readonly name = 'SkillError';
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
