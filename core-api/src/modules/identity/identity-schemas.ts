import { Type, type Static } from 'typebox';

export const Role = Type.Union([Type.Literal('patient'), Type.Literal('professional'), Type.Literal('admin')]);

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
  },
  { $id: 'UserProfile' },
);
export type UserProfile = Static<typeof UserProfile>;

export const DevTokenRequest = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 100 }),
  /** Issue a service token instead (e.g. for the assistant), with these app roles. */
  service: Type.Optional(Type.Boolean()),
  appRoles: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 })),
});

export const TokenResponse = Type.Object({ token: Type.String(), expiresIn: Type.Integer() });

export const ErrorResponse = Type.Object(
  { code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) },
  { $id: 'Error' },
);
