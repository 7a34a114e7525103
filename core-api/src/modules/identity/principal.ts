/** Who is calling, as every module sees it after authentication. */
export type Role = 'patient' | 'professional' | 'admin';
export type Channel = 'webchat' | 'sms' | 'whatsapp' | 'teams' | 'api';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  role: Role;
  organizationId: string;
  /** The channel the request comes through; `api` for direct calls. */
  channel: Channel;
  /** The service acting for this user (the assistant), when the token came from a token exchange. */
  actingService?: string;
}

export interface ServicePrincipal {
  kind: 'service';
  serviceId: string;
  /** App roles granted to the service, e.g. `Assistant.ActAs`. */
  appRoles: string[];
}

export type Principal = UserPrincipal | ServicePrincipal;

/** What a token verifier vouches for, before it is bound to a user of ours. */
export interface VerifiedToken {
  /** `core-api` marks user tokens core-api signed itself (token exchange in entra mode). */
  issuer: 'dev' | 'entra' | 'core-api';
  subject: string;
  /** Entra object id (`oid`), used to link an Entra account to a user. */
  objectId?: string;
  userPrincipalName?: string;
  appRoles: string[];
  /** Our roles granted by Entra app roles; the stored role of the user must be one of them. */
  grantedRoles?: Role[];
  /** Set on tokens for services (client credentials): no user behind them. */
  isService: boolean;
  channel?: Channel;
  actingService?: string;
  /** The token's `exp`: until then a verified token may be taken as verified again without its signature being checked. */
  expiresAt?: Date;
}

export interface TokenVerifier {
  /** Answers the verified claims, or throws an `unauthenticated` AppError. */
  verify(token: string): Promise<VerifiedToken>;
}
