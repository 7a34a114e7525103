import { describe, expect, it } from 'vitest';
import { judge, type AppointmentRow, type JudgeInput } from './judge';
import type { Expectations } from './scenario-schema';

const row = (id: string, start: string, status = 'requested', extra = ''): AppointmentRow => ({
  id, professional: 'dr-lopez', patient: 'patient-ana', service: 'derm-consult', start, status,
  snapshot: JSON.stringify({ id, start, status, extra }),
});
const seed1: AppointmentRow = { ...row('appt-seed-1', '2026-12-08T09:00', 'approved'), patient: 'patient-ben' };
const expectations = (overrides: Partial<Expectations> = {}): Expectations => ({
  appointments: [], unchanged: [], no_new_appointments: false, replies_include: [], replies_exclude: [], ...overrides,
});
const booked = { professional: 'dr-lopez', patient: 'patient-ana', service: 'derm-consult', start: '2026-12-08T10:20', status: 'requested' as const };
const input = (overrides: Partial<JudgeInput>): JudgeInput => ({
  expect: expectations(), before: [seed1], after: [seed1], replies: [], assistantTurns: 1, ...overrides,
});

describe('judge', () => {
  it('passes when the expected row was created and nothing else changed', () => {
    const verdict = judge(input({
      expect: expectations({ appointments: [booked], unchanged: ['appt-seed-1'], replies_include: ['10:20'], max_turns: 4 }),
      after: [seed1, row('appt-new', '2026-12-08T10:20')],
      replies: ['Booked for Tue 8 Dec, 10:20'],
      assistantTurns: 4,
    }));
    expect(verdict).toEqual({ passed: true, why: [], differences: [] });
  });

  it('fails a row at the wrong start, and names both rows', () => {
    const verdict = judge(input({ expect: expectations({ appointments: [booked] }), after: [seed1, row('appt-new', '2026-12-08T11:00')] }));
    expect(verdict.passed).toBe(false);
    expect(verdict.why[0]).toMatch(/expected appointment missing: .*2026-12-08T10:20.*closest: appt-new: .*2026-12-08T11:00/);
    expect(verdict.why[1]).toMatch(/unexpected new appointment: appt-new/);
    expect(verdict.differences.map((difference) => difference.kind)).toEqual(['missing', 'unexpected']);
  });

  it('fails an extra appointment besides the expected one', () => {
    const verdict = judge(input({
      expect: expectations({ appointments: [booked] }),
      after: [seed1, row('appt-new', '2026-12-08T10:20'), row('appt-other', '2026-12-09T10:20')],
    }));
    expect(verdict.why).toEqual([expect.stringMatching(/^unexpected new appointment: appt-other/)]);
  });

  it('fails any new appointment when no_new_appointments is set', () => {
    const verdict = judge(input({ expect: expectations({ no_new_appointments: true }), after: [seed1, row('appt-new', '2026-12-08T10:20')] }));
    expect(verdict.why).toEqual(['no_new_appointments: 1 appointment was created', expect.stringMatching(/^unexpected new appointment/)]);
  });

  it('fails when a row listed as unchanged changed, even in a field that is not compared', () => {
    const touched = { ...seed1, snapshot: JSON.stringify({ ...JSON.parse(seed1.snapshot), extra: 'intake edited' }) };
    const verdict = judge(input({ expect: expectations({ unchanged: ['appt-seed-1'] }), after: [touched] }));
    expect(verdict.passed).toBe(false);
    expect(verdict.why).toEqual([expect.stringMatching(/^unchanged: appt-seed-1 changed/)]);
    expect(verdict.differences).toEqual([{ kind: 'changed-unchanged', row: touched, before: seed1 }]);
  });

  it('fails a changed seed row that no expectation covers, and passes it when expected', () => {
    const cancelled = { ...seed1, status: 'cancelled', snapshot: 'cancelled' };
    expect(judge(input({ after: [cancelled] })).why).toEqual([expect.stringMatching(/^unexpected change: .*approved → cancelled/)]);
    const expected = { professional: 'dr-lopez', patient: 'patient-ben', service: 'derm-consult', start: '2026-12-08T09:00', status: 'cancelled' as const };
    expect(judge(input({ expect: expectations({ appointments: [expected] }), after: [cancelled] })).passed).toBe(true);
  });

  it('does not count an untouched seed row as the expected one', () => {
    const asSeeded = { professional: 'dr-lopez', patient: 'patient-ben', service: 'derm-consult', start: '2026-12-08T09:00', status: 'approved' as const };
    const verdict = judge(input({ expect: expectations({ appointments: [asSeeded] }) }));
    expect(verdict.why).toEqual([expect.stringMatching(/appt-seed-1 has these values but was not created or changed/)]);
  });

  it('fails a deleted row and an unknown unchanged id', () => {
    const verdict = judge(input({ expect: expectations({ unchanged: ['appt-nope'] }), after: [] }));
    expect(verdict.why).toEqual([expect.stringMatching(/^appointment appt-seed-1: .* was deleted/), 'unchanged: appt-nope is not an appointment of the seed']);
  });

  it('checks replies_include and replies_exclude case-insensitively', () => {
    const replies = ['Your appointment with Dr. López is at 10:20.', 'Anything else?'];
    expect(judge(input({ expect: expectations({ replies_include: ['dr. lópez', 'ANYTHING'] }), replies })).passed).toBe(true);
    expect(judge(input({ expect: expectations({ replies_include: ['Chen'] }), replies })).why).toEqual(['replies_include: no reply contains "Chen"']);
    expect(judge(input({ expect: expectations({ replies_exclude: ['LÓPEZ'] }), replies })).why).toEqual(['replies_exclude: reply 1 contains "LÓPEZ"']);
  });

  it('fails when the assistant took more replies than max_turns', () => {
    expect(judge(input({ expect: expectations({ max_turns: 2 }), assistantTurns: 2 })).passed).toBe(true);
    expect(judge(input({ expect: expectations({ max_turns: 2 }), assistantTurns: 3 })).why).toEqual(['max_turns: the assistant took 3 replies (at most 2)']);
  });
});
