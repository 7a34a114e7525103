import { Type } from 'typebox';

export const AppointmentStatusSchema = Type.Union([Type.Literal('requested'), Type.Literal('approved'), Type.Literal('declined'), Type.Literal('expired'), Type.Literal('cancelled'), Type.Literal('rescheduled'), Type.Literal('completed'), Type.Literal('no_show')]);

export const AppointmentSchema = Type.Object(
  {
    id: Type.String(),
    professionalId: Type.String(),
    patientId: Type.String(),
    serviceId: Type.String(),
    domainId: Type.String(),
    start: Type.String({ description: "ISO 8601 with the professional's offset" }),
    end: Type.String(),
    timeZone: Type.String({ description: "The professional's IANA time zone" }),
    status: AppointmentStatusSchema,
    message: Type.Union([Type.String(), Type.Null()]),
    intake: Type.Record(Type.String(), Type.String()),
    rescheduledFrom: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    patientName: Type.Optional(Type.String({ description: 'The patient as named in their profile (single reads, and staff lists)' })),
  },
  { $id: 'Appointment' },
);

export const CreateAppointmentBody = Type.Object({
  professionalId: Type.String({ maxLength: 60 }),
  serviceId: Type.String({ maxLength: 60 }),
  start: Type.String({ format: 'date-time', description: 'ISO 8601 with an offset, e.g. 2026-12-08T10:20:00+01:00' }),
  message: Type.Optional(Type.String({ maxLength: 2000 })),
  intake: Type.Record(Type.String({ maxLength: 60 }), Type.String({ maxLength: 2000 }), { maxProperties: 50 }),
  patientId: Type.Optional(Type.String({ maxLength: 60, description: 'Admins only: the patient to book for' })),
});

export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) });
export const OptionalReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) });

export const RescheduleBody = Type.Object({
  start: Type.String({ format: 'date-time' }),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const ListAppointmentsQuery = Type.Object({
  status: Type.Optional(Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$', description: 'One status or a comma list' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  professionalId: Type.Optional(Type.String({ maxLength: 60, description: "One professional's (admins' calendars; professionals always see their own)" })),
});

export const HistoryEntrySchema = Type.Object({
  fromStatus: Type.Union([AppointmentStatusSchema, Type.Null()]),
  toStatus: AppointmentStatusSchema,
  actorId: Type.String(),
  actorRole: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export const DecisionsBody = Type.Object({
  decisions: Type.Array(
    Type.Object({
      appointmentId: Type.String({ maxLength: 60 }),
      decision: Type.Union([Type.Literal('approve'), Type.Literal('decline')]),
      reason: Type.Optional(Type.String({ maxLength: 1000 })),
    }),
    { minItems: 1, maxItems: 100 },
  ),
});

export const DecisionsResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      appointmentId: Type.String(),
      ok: Type.Boolean(),
      appointment: Type.Optional(AppointmentSchema),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
});

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const JoinWaitlistBody = Type.Object({
  professionalId: Type.Optional(Type.String({ maxLength: 60 })),
  specialty: Type.Optional(Type.String({ maxLength: 100 })),
  serviceId: Type.Optional(Type.String({ maxLength: 60 })),
  from: LocalDate,
  to: LocalDate,
});

export const WaitlistEntrySchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  professionalId: Type.Union([Type.String(), Type.Null()]),
  specialty: Type.Union([Type.String(), Type.Null()]),
  serviceId: Type.Union([Type.String(), Type.Null()]),
  from: Type.String(),
  to: Type.String(),
  status: Type.Union([Type.Literal('waiting'), Type.Literal('offered'), Type.Literal('booked'), Type.Literal('expired'), Type.Literal('cancelled')]),
  offer: Type.Union([
    Type.Object({ professionalId: Type.String(), serviceId: Type.String(), start: Type.String(), end: Type.String(), expiresAt: Type.String() }),
    Type.Null(),
  ]),
  createdAt: Type.String(),
});

export const ProposeTimesBody = Type.Object({
  starts: Type.Array(Type.String({ format: 'date-time' }), { minItems: 1, maxItems: 5, description: 'Free starts (ISO 8601 with an offset), from the slots of the same service' }),
  message: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const ProposalSchema = Type.Object(
  {
    id: Type.String(),
    appointmentId: Type.String(),
    starts: Type.Array(Type.String(), { description: "ISO 8601 with the professional's offset" }),
    message: Type.Union([Type.String(), Type.Null()]),
    proposedBy: Type.String(),
    status: Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('superseded')]),
    acceptedStart: Type.Union([Type.String(), Type.Null()]),
    newAppointmentId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  },
  { $id: 'Proposal' },
);

export const AcceptProposalBody = Type.Object({ start: Type.String({ format: 'date-time', description: 'One of the proposed starts' }) });
