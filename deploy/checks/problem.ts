/** One thing a deploy check found wrong: the file (and line, when known) and what to fix. */
export interface Problem {
  file: string;
  message: string;
}
