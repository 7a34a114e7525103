import { describe, expect, it } from 'vitest';
import { asksForPendingOnly, meansEveryRequest, readProfessionalRequest, withoutReason, type ProfessionalRequest } from './professional-requests';

describe('readProfessionalRequest', () => {
  it.each<[string, ProfessionalRequest | null]>([
    ["what's on tomorrow?", 'schedule'],
    ['¿qué tengo mañana?', 'schedule'],
    ['show me my schedule for next week', 'schedule'],
    ["what's pending?", 'schedule'],
    ['¿qué solicitudes tengo?', 'schedule'],
    ['who is my next patient?', 'next_patient'],
    ['¿quién es mi próximo paciente?', 'next_patient'],
    ['block Friday afternoon', 'block'],
    ['bloquea el viernes por la tarde', 'block'],
    ['cierra el lunes', 'block'],
    ['approve all pending for tomorrow', 'approve'],
    ['aprueba todas las pendientes de mañana', 'approve'],
    ['decline the 10:00 request because I am away', 'decline'],
    ['rechaza la de las 10', 'decline'],
    ['hello', null],
    ['thanks', null],
    ['because I am at a congress', null],
  ])('%s → %s', (text, request) => {
    expect(readProfessionalRequest(text)).toBe(request);
  });
});

describe('meansEveryRequest and asksForPendingOnly', () => {
  it('tells "all of them" from one request', () => {
    expect(meansEveryRequest('approve all pending for tomorrow')).toBe(true);
    expect(meansEveryRequest('aprueba las solicitudes de mañana')).toBe(true);
    expect(meansEveryRequest('approve the 10:00 request')).toBe(false);
  });

  it('tells a question about pending requests from one about the day', () => {
    expect(asksForPendingOnly("what's pending this week?")).toBe(true);
    expect(asksForPendingOnly('¿qué solicitudes pendientes tengo?')).toBe(true);
    expect(asksForPendingOnly("what's on tomorrow?")).toBe(false);
  });
});

describe('withoutReason', () => {
  it('keeps what names the request and drops the reason', () => {
    expect(withoutReason("decline the 10:00 because I'm away on Friday")).toBe('decline the 10:00');
    expect(withoutReason('rechaza la de las 10 porque el viernes no estoy')).toBe('rechaza la de las 10');
    expect(withoutReason('block Friday afternoon')).toBe('block Friday afternoon');
  });
});
