import { parseYesNo } from '../local-model/understanding';

/**
 * Reads the user's answer to a confirmation summary. Only a clear yes runs
 * the action; anything but yes or no is treated as a change of plan.
 */
export function readConfirmation(text: string): 'yes' | 'no' | 'other' {
  return parseYesNo(text) ?? 'other';
}
