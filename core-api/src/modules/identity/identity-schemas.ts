import { Type, type Static } from 'typebox';

export const Role = Type.Union([Type.Literal('patient'), Type.Literal('professional'), Type.Literal('admin')]);
export const MessagingChannel = Type.Union([Type.Literal('webchat'), Type.Literal('sms'), Type.Literal('whatsapp'), Type.Literal('teams')]);

const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const locale = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 });

export const ProfessionalDetails = Type.Object({
  title: Type.Union([Type.String(), Type.Null()]),
  registrationNumber: Type.Union([Type.String(), Type.Null()]),
  verified: Type.Boolean(),
});

export const UserProfile = Type.Object(
  {
    id: Type.String(),
    role: Role,
    name: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    locale: Type.String(),
    timeZone: Type.String(),
    dateOfBirth: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    /** Patients' health insurance number (the intake field `insurance_number`'s rule). */
    insuranceNumber: Type.Union([Type.String(), Type.Null()]),
    professional: Type.Union([ProfessionalDetails, Type.Null()]),
  },
  { $id: 'UserProfile' },
);
export type UserProfile = Static<typeof UserProfile>;

const profileFields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
  phone: Type.Optional(Type.Union([Type.String({ pattern: '^\\+[1-9]\\d{6,14}$' }), Type.Null()])),
  locale: Type.Optional(locale),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  dateOfBirth: Type.Optional(Type.Union([date, Type.Null()])),
  insuranceNumber: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Z0-9-]{6,20}$' }), Type.Null()])),
  professional: Type.Optional(
    Type.Object(
      {
        title: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        registrationNumber: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
      },
      { additionalProperties: false },
    ),
  ),
};

export const ProfilePatch = Type.Object(profileFields, { additionalProperties: false, minProperties: 1 });
export const AdminProfilePatch = Type.Object(
  { ...profileFields, verified: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const DevTokenRequest = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 100 }),
  /** Issue a service token instead (e.g. for the assistant), with these app roles. */
  service: Type.Optional(Type.Boolean()),
  appRoles: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 })),
});

export const TokenResponse = Type.Object({ token: Type.String(), expiresIn: Type.Integer() });

export const ChannelIdentityKey = Type.Object({
  channel: MessagingChannel,
  externalId: Type.String({ minLength: 1, maxLength: 200 }),
});

export const TokenExchangeResponse = Type.Object({ token: Type.String(), expiresIn: Type.Integer(), userId: Type.String() });

export const PatientRegistrationRequest = Type.Object(
  {
    channel: MessagingChannel,
    externalId: Type.String({ minLength: 1, maxLength: 200 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    dateOfBirth: Type.Union([date, Type.Null()]),
    locale,
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    organizationId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const ChannelIdentity = Type.Object({ channel: MessagingChannel, externalId: Type.String(), verified: Type.Boolean() });

export const ConsentRecord = Type.Object({
  channel: MessagingChannel,
  externalId: Type.Union([Type.String(), Type.Null()]),
  granted: Type.Boolean(),
  source: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

export const ConsentChangeRequest = Type.Object(
  {
    channel: MessagingChannel,
    granted: Type.Boolean(),
    /** For a sender who is not (yet) a user: the phone number the keyword came from. */
    phone: Type.Optional(Type.String({ pattern: '^\\+[1-9]\\d{6,14}$' })),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    source: Type.Union([Type.Literal('keyword'), Type.Literal('registration'), Type.Literal('admin')]),
  },
  { additionalProperties: false },
);

export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  resourceType: Type.Optional(Type.String({ maxLength: 100 })),
  resourceId: Type.Optional(Type.String({ maxLength: 200 })),
  patient: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.String(),
  actorRole: Type.String(),
  actingService: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  resourceType: Type.String(),
  resourceId: Type.String(),
  patientId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('allowed'), Type.Literal('denied')]),
  requestId: Type.String(),
  channel: Type.String(),
});

export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const ErasureResponse = Type.Object({ userId: Type.String(), erasedAt: Type.String({ format: 'date-time' }) });

export const ErrorResponse = Type.Object(
  { code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) },
  { $id: 'Error' },
);
