import { Type, type Static } from 'typebox';

const Time = Type.String({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', description: 'HH:mm, local' });
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, local' });

export const WeeklyRuleSchema = Type.Object({
  weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }),
  start: Time,
  end: Time,
});

export const ExceptionSchema = Type.Object({
  date: LocalDate,
  closed: Type.Boolean(),
  start: Type.Optional(Time),
  end: Type.Optional(Time),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
});

export const AvailabilityBody = Type.Object({
  weekly: Type.Array(WeeklyRuleSchema, { maxItems: 100 }),
  exceptions: Type.Optional(Type.Array(ExceptionSchema, { maxItems: 1000 })),
});
export type AvailabilityBody = Static<typeof AvailabilityBody>;

export const AvailabilitySchema = Type.Object(
  {
    professionalId: Type.String(),
    timeZone: Type.String(),
    weekly: Type.Array(WeeklyRuleSchema),
    exceptions: Type.Array(ExceptionSchema),
  },
  { $id: 'Availability' },
);

export const BulkAvailabilityBody = Type.Object({
  items: Type.Array(Type.Intersect([Type.Object({ professionalId: Type.String({ maxLength: 60 }) }), AvailabilityBody]), {
    minItems: 1,
    maxItems: 500,
  }),
});

export const AvailabilityPreviewBody = Type.Intersect([
  AvailabilityBody,
  Type.Object({ service: Type.String({ maxLength: 60 }), from: LocalDate, to: LocalDate }),
]);

export const SlotSchema = Type.Object({
  start: Type.String({ description: "ISO 8601 with the professional's offset" }),
  end: Type.String(),
});

export const SlotsResponse = Type.Object({
  professionalId: Type.String(),
  serviceId: Type.String(),
  timeZone: Type.String(),
  slots: Type.Array(SlotSchema),
});

export const SlotsQuery = Type.Object({
  service: Type.String({ maxLength: 60 }),
  from: LocalDate,
  to: LocalDate,
});

export const EarliestSlotsQuery = Type.Object({
  specialty: Type.Optional(Type.String({ maxLength: 100 })),
  service: Type.Optional(Type.String({ maxLength: 60 })),
  domain: Type.Optional(Type.String({ maxLength: 60 })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  professional: Type.Optional(Type.String({ maxLength: 60 })),
  from: LocalDate,
  to: LocalDate,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
});

export const EarliestSlotsResponse = Type.Object({
  slots: Type.Array(
    Type.Object({
      start: Type.String(),
      end: Type.String(),
      professionalId: Type.String(),
      professionalName: Type.String(),
      serviceId: Type.String(),
      timeZone: Type.String(),
    }),
  ),
});
