import type { CoreApiClient } from '@consulta/core-api/client';

/** What every skill runs with: the served user's client and who that user is. */
export interface SkillContext {
  /** Already authenticated as the served user: core-api enforces what that user may do. */
  api: CoreApiClient;
  user: {
    id: string; timeZone: string; locale: 'en' | 'es' | string;
    /** patient, professional or admin; skills use it only to skip work that cannot apply (core-api decides what is allowed). */
    role?: string;
  };
  now: () => Date;
}
