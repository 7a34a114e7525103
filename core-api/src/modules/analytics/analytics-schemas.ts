import { Type, type Static } from 'typebox';

const isoDate = { pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 };
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'A share between 0 and 1; null when its denominator is 0' });
const Minutes = Type.Union([Type.Number(), Type.Null()]);

export const AnalyticsQuery = Type.Object({
  from: Type.String({ ...isoDate, description: 'First day of the range (inclusive), in `timeZone`' }),
  to: Type.String({ ...isoDate, description: 'Last day of the range (inclusive), in `timeZone`; the range holds at most 366 days' }),
  domainId: Type.Optional(Type.String({ maxLength: 60 })),
  professionalId: Type.Optional(Type.String({ maxLength: 60, description: 'Professionals may only name themselves (or leave it out)' })),
  timeZone: Type.Optional(Type.String({
    maxLength: 64,
    description: "IANA zone the days are counted in; by default the professional's when one is named (or calling), else the zone most of the organisation's professionals work in",
  })),
});
export type AnalyticsQuery = Static<typeof AnalyticsQuery>;

/** One count per appointment status. */
export const StatusCounts = Type.Object({
  requested: Type.Integer(), approved: Type.Integer(), declined: Type.Integer(), expired: Type.Integer(),
  cancelled: Type.Integer(), rescheduled: Type.Integer(), completed: Type.Integer(), no_show: Type.Integer(),
});
export type StatusCounts = Static<typeof StatusCounts>;

export const Bookings = Type.Object({
  total: Type.Integer({ description: 'Requests created in the range (moves of an existing appointment excluded)' }),
  byStatus: StatusCounts,
});

export const TimeToDecision = Type.Object({
  decided: Type.Integer({ description: 'Requests created in the range that a person approved or declined' }),
  medianMinutes: Minutes,
  p90Minutes: Minutes,
});

export const Attendance = Type.Object({
  total: Type.Integer({ description: 'Appointments whose start falls in the range (rows ended by a move left out)' }),
  byStatus: StatusCounts,
  noShowRate: Type.Union([Type.Number(), Type.Null()], { description: 'no_show / (completed + no_show)' }),
  cancellationRate: Type.Union([Type.Number(), Type.Null()], { description: 'cancelled / (requested + approved + completed + no_show + cancelled)' }),
});

export const ChannelCount = Type.Object({
  channel: Type.String({ description: 'webchat, sms, whatsapp, teams, api (the admin UI or a direct call), or unknown (no record: seed rows)' }),
  bookings: Type.Integer(),
});

const Figures = {
  bookings: Bookings,
  timeToDecision: TimeToDecision,
  attendance: Attendance,
  channels: Type.Array(ChannelCount, { description: 'Bookings by the channel they came through, most first' }),
  assistantBookings: Type.Integer({ description: 'Bookings the assistant filed for a patient (a token from a channel identity exchange)' }),
};

export const AssistantFigures = Type.Object({
  sessions: Type.Integer({ description: 'Distinct (patient, day) pairs on which the assistant acted for a verified patient' }),
  sessionsWithBooking: Type.Integer(),
  sessionsWithHandoff: Type.Integer(),
  bookings: Type.Integer({ description: 'Bookings the assistant filed' }),
  handoffs: Type.Integer({ description: 'Handoffs to a person asked for in the range' }),
  completionRate: Rate,
  handoffRate: Rate,
});

const Frame = {
  from: Type.String(), to: Type.String(), timeZone: Type.String(),
  domainId: Type.Union([Type.String(), Type.Null()]),
  professionalId: Type.Union([Type.String(), Type.Null()]),
};

export const AnalyticsSummary = Type.Object({
  ...Frame,
  ...Figures,
  bookingsPerDay: Type.Array(Type.Object({ date: Type.String(), total: Type.Integer(), byStatus: StatusCounts }), {
    description: 'Every day of the range, oldest first, by the current status of the requests created that day',
  }),
  assistant: Type.Union([AssistantFigures, Type.Null()], {
    description: 'Organisation-wide only (sessions and handoffs name no professional or domain): null when the summary is scoped',
  }),
});
export type AnalyticsSummary = Static<typeof AnalyticsSummary>;

export const AnalyticsRow = Type.Object({ id: Type.String(), name: Type.String(), ...Figures });
export type AnalyticsRow = Static<typeof AnalyticsRow>;

export const AnalyticsBreakdown = Type.Object({
  ...Frame,
  groupBy: Type.Union([Type.Literal('professional'), Type.Literal('domain')]),
  rows: Type.Array(AnalyticsRow, { description: 'Every professional (or domain) in scope, with zeros where nothing happened' }),
});
export type AnalyticsBreakdown = Static<typeof AnalyticsBreakdown>;
