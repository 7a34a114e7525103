import { Type, type Static } from 'typebox';

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', minLength: 2, maxLength: 60 });

export const IntakeFieldSchema = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 60 }),
  label: Type.String({ minLength: 1, maxLength: 200 }),
  type: Type.Union([Type.Literal('text'), Type.Literal('string'), Type.Literal('date'), Type.Literal('enum')]),
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 })),
  pattern: Type.Optional(Type.String({ maxLength: 200 })),
});

export const DomainSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    approval: Type.Union([Type.Literal('required'), Type.Literal('automatic')]),
    intakeFields: Type.Array(IntakeFieldSchema),
    intakeSchema: Type.Record(Type.String(), Type.Unknown(), { description: 'The intake fields as JSON Schema' }),
    customFields: Type.Record(Type.String(), Type.Unknown()),
    requestExpiryHours: Type.Integer(),
  },
  { $id: 'Domain' },
);

export const CreateDomainBody = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  approval: Type.Union([Type.Literal('required'), Type.Literal('automatic')]),
  intakeFields: Type.Array(IntakeFieldSchema, { maxItems: 50 }),
  customFields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  requestExpiryHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30 })),
});
export type CreateDomainBody = Static<typeof CreateDomainBody>;

export const UpdateDomainBody = Type.Partial(Type.Omit(CreateDomainBody, ['id']));
export type UpdateDomainBody = Static<typeof UpdateDomainBody>;

export const ServiceSchema = Type.Object(
  { id: Type.String(), domainId: Type.String(), specialty: Type.String(), name: Type.String(), minutes: Type.Integer() },
  { $id: 'Service' },
);

export const ProfessionalSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    domainId: Type.String(),
    specialty: Type.String(),
    timeZone: Type.String(),
    languages: Type.Array(Type.String()),
    bufferMinutes: Type.Integer(),
    minNoticeHours: Type.Integer(),
    bookingHorizonDays: Type.Integer(),
    cancellationCutoffHours: Type.Integer(),
    serviceIds: Type.Array(Type.String()),
  },
  { $id: 'Professional' },
);

export const ProfessionalQuery = Type.Object({
  domain: Type.Optional(Type.String({ maxLength: 60 })),
  specialty: Type.Optional(Type.String({ maxLength: 100 })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  service: Type.Optional(Type.String({ maxLength: 60 })),
});

export const OrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  defaultLocale: Type.String(),
  locales: Type.Array(Type.String()),
});
