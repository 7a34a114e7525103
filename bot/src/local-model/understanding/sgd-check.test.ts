import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSgdCheck, type SgdTally } from './sgd-check';

const dataFile = (name: string) =>
  readFileSync(new URL(`../../../../evals/data/sgd-services/${name}`, import.meta.url), 'utf8').split('\n');
const accuracy = ({ correct, total }: SgdTally) => correct / total;

function userTurn(
  utterance: string,
  actions: Array<{ slot: string; values: string[]; canonical?: string[] }>,
) {
  return {
    speaker: 'USER',
    utterance,
    frames: [{ service: 'Services_3', actions: actions.map((action) => ({ act: 'INFORM', ...action })) }],
  };
}

describe('runSgdCheck mechanics', () => {
  const line = JSON.stringify({
    turns: [
      {
        speaker: 'SYSTEM',
        utterance: 'How about Dr. Ana Ruiz?',
        frames: [
          {
            service: 'Services_3',
            actions: [{ act: 'OFFER', slot: 'doctor_name', values: ['Dr. Ana Ruiz, MD'] }],
          },
        ],
      },
      userTurn('I want to see Dr. Ana Ruiz on the 7th of this month at half past 3 in the afternoon.', [
        { slot: 'doctor_name', values: ['Dr. Ana Ruiz'], canonical: ['Dr. Ana Ruiz, MD'] },
        { slot: 'appointment_date', values: ['7th of this month'], canonical: ['2019-03-07'] },
        { slot: 'appointment_time', values: ['half past 3 in the afternoon'], canonical: ['15:30'] },
      ]),
      userTurn('Make it 16:45 on the 9th.', [
        { slot: 'appointment_time', values: ['16:45'] },
        { slot: 'appointment_date', values: ['the 9th'], canonical: ['2019-03-10'] },
      ]),
    ],
  });

  it('scores dates, times and names and records failures', () => {
    const result = runSgdCheck([line, '']);
    expect(result.dates).toEqual({ total: 2, correct: 1 });
    expect(result.times).toEqual({ total: 2, correct: 2 });
    expect(result.names).toEqual({ total: 1, correct: 1 });
    expect(result.failures).toEqual([
      {
        utterance: 'Make it 16:45 on the 9th.',
        slot: 'appointment_date',
        expected: '2019-03-10',
        got: '2019-03-09',
      },
    ]);
  });

  it('can parse the annotated value instead of the whole turn', () => {
    expect(runSgdCheck([line], { source: 'value' }).times).toEqual({ total: 2, correct: 2 });
  });
});

// Measured with now = Friday 2019-03-01 12:00 Los Angeles (SGD's
// "today": "Saturday this week" is 2019-03-02, "the 7th of this month" is
// 2019-03-07). The parser was tuned while reading these dialogues, so they
// are a regression floor rather than a held-out score.
describe('runSgdCheck on the SGD appointment dialogues', () => {
  it('dev: dates and times from whole user turns', () => {
    const result = runSgdCheck(dataFile('dev.jsonl'));
    expect(result.dates.total).toBe(66);
    expect(result.times.total).toBe(69);
    expect(accuracy(result.dates)).toBeGreaterThanOrEqual(0.97);
    expect(accuracy(result.times)).toBeGreaterThanOrEqual(0.97);
    // Dev holds only therapists, and no user turn there names one (they accept offers instead).
    expect(result.names.total).toBe(0);
  });

  it('dev: dates and times from annotated values', () => {
    const result = runSgdCheck(dataFile('dev.jsonl'), { source: 'value' });
    expect(accuracy(result.dates)).toBeGreaterThanOrEqual(0.97);
    expect(accuracy(result.times)).toBeGreaterThanOrEqual(0.97);
  });

  it('train: dates, times and names from whole user turns', () => {
    const result = runSgdCheck(dataFile('train.jsonl'));
    expect(result.dates.total).toBe(592);
    expect(result.times.total).toBe(595);
    expect(result.names.total).toBe(202);
    expect(accuracy(result.dates)).toBeGreaterThanOrEqual(0.97);
    expect(accuracy(result.times)).toBeGreaterThanOrEqual(0.97);
    expect(accuracy(result.names)).toBeGreaterThanOrEqual(0.95);
  });
});
