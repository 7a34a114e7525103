/**
 * Measures the understanding layer against the SGD appointment dialogues
 * (evals/data/sgd-services, JSON lines; format in its README): dates and
 * times the user informs, and professional names the user asks for.
 */
import type { Locale } from './detect-locale';
import { type DirectoryEntry, matchDirectory } from './match-directory';
import { foldText } from './normalize-text';
import { parseDateTime } from './parse-date-time';

/**
 * @example
 * const options: SgdCheckOptions = { source: 'value' };
 */
export interface SgdCheckOptions {
  /** Defaults to 2019-03-01T12:00 Los Angeles: SGD's "today" is Friday 1 March 2019. */
  now?: Date;
  timeZone?: string;
  /** Parse the whole user turn (default, closest to real use) or only the annotated slot value. */
  source?: 'utterance' | 'value';
}

/**
 * @example
 * const tally: SgdTally = { total: 66, correct: 66 };
 */
export interface SgdTally {
  total: number;
  correct: number;
}

/**
 * @example
 * const failure: SgdFailure = { utterance: 'the 9th', slot: 'appointment_date', expected: '2019-03-09', got: null };
 */
export interface SgdFailure {
  utterance: string;
  slot: string;
  expected: string;
  got: string | null;
}

/**
 * @example
 * const { dates, times, names, failures } = runSgdCheck(lines);
 */
export interface SgdCheckResult {
  dates: SgdTally;
  times: SgdTally;
  names: SgdTally;
  failures: SgdFailure[];
}

interface SgdAction {
  act: string;
  slot: string;
  values: string[];
  canonical?: string[];
}

interface SgdTurn {
  speaker: 'USER' | 'SYSTEM';
  utterance: string;
  frames: Array<{ service: string; actions: SgdAction[] }>;
}

interface SgdDialogue {
  turns: SgdTurn[];
}

const NAME_SLOTS = new Set(['stylist_name', 'dentist_name', 'doctor_name', 'therapist_name']);
const SERVICE_SPECIALTY: Readonly<Record<string, string>> = {
  Services_1: 'hair stylist',
  Services_2: 'dentistry',
  Services_3: 'doctor',
  Services_4: 'psychology',
};
const SGD_NOW = new Date('2019-03-01T20:00:00Z');
const SGD_ZONE = 'America/Los_Angeles';
const LOCALE: Locale = 'en';

/**
 * Scores parseDateTime and matchDirectory on SGD user turns.
 *
 * @example
 * const lines = readFileSync('evals/data/sgd-services/dev.jsonl', 'utf8').split('\n');
 * const { dates, times } = runSgdCheck(lines);
 * console.log(dates.correct / dates.total);
 */
export function runSgdCheck(lines: string[], options: SgdCheckOptions = {}): SgdCheckResult {
  const now = options.now ?? SGD_NOW;
  const timeZone = options.timeZone ?? SGD_ZONE;
  const source = options.source ?? 'utterance';
  const dialogues = lines.filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as SgdDialogue);
  const directory = buildDirectory(dialogues);
  const result: SgdCheckResult = { dates: tally(), times: tally(), names: tally(), failures: [] };

  for (const turn of dialogues.flatMap((dialogue) => dialogue.turns)) {
    if (turn.speaker !== 'USER') continue;
    for (const action of turn.frames.flatMap((frame) => frame.actions)) {
      if (action.act !== 'INFORM') continue;
      const expected = action.canonical?.[0] ?? action.values[0];
      const said = action.values[0];
      if (expected === undefined || said === undefined) continue;
      const input = source === 'utterance' ? turn.utterance : said;
      let got: string | null;
      let bucket: SgdTally;
      if (action.slot === 'appointment_date' && /^\d{4}-\d{2}-\d{2}$/.test(expected)) {
        const request = parseDateTime(input, { now, timeZone, locale: LOCALE });
        got = request?.from !== undefined && request.from === request.to ? request.from : null;
        bucket = result.dates;
      } else if (action.slot === 'appointment_time' && /^\d{2}:\d{2}$/.test(expected)) {
        got = parseDateTime(input, { now, timeZone, locale: LOCALE })?.time ?? null;
        bucket = result.times;
      } else if (NAME_SLOTS.has(action.slot)) {
        got = matchDirectory(input, directory)[0]?.entry.name ?? null;
        bucket = result.names;
        const correct = got !== null && foldText(got) === foldText(expected);
        record(result, bucket, correct, { utterance: turn.utterance, slot: action.slot, expected, got });
        continue;
      } else {
        continue;
      }
      record(result, bucket, got === expected, {
        utterance: turn.utterance,
        slot: action.slot,
        expected,
        got,
      });
    }
  }
  return result;
}

function tally(): SgdTally {
  return { total: 0, correct: 0 };
}

function record(result: SgdCheckResult, bucket: SgdTally, correct: boolean, failure: SgdFailure): void {
  bucket.total += 1;
  if (correct) bucket.correct += 1;
  else result.failures.push(failure);
}

// Every name mentioned anywhere in the file, by anyone, once per spelling
// that differs in more than case ("Amazing smile dental" = "Amazing Smile Dental").
function buildDirectory(dialogues: SgdDialogue[]): DirectoryEntry[] {
  const entries = new Map<string, DirectoryEntry>();
  for (const turn of dialogues.flatMap((dialogue) => dialogue.turns)) {
    for (const frame of turn.frames) {
      for (const action of frame.actions) {
        if (!NAME_SLOTS.has(action.slot)) continue;
        for (const name of action.canonical ?? action.values) {
          const id = foldText(name);
          if (!entries.has(id)) {
            entries.set(id, {
              id,
              name,
              specialty: SERVICE_SPECIALTY[frame.service] ?? 'other',
              kind: 'professional',
            });
          }
        }
      }
    }
  }
  return [...entries.values()];
}
