import { unwrap, type CoreApiClient } from '@consulta/core-api/client';

/**
 * Intake answers the user's own profile already holds. Asking a verified
 * patient for their date of birth again would be a needless question (and a
 * needless copy of personal data in the conversation).
 */
export async function profileAnswers(api: CoreApiClient): Promise<Record<string, string>> {
  const me = await unwrap(api.GET('/api/v1/me'));
  return me.dateOfBirth ? { date_of_birth: me.dateOfBirth } : {};
}
