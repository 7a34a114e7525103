/** What the server tells the page about itself (`GET /webchat/config`). */
export interface PageConfig {
  organizationName: string;
  /** AUTH_MODE=dev: the page offers the seed patients to chat as. */
  devMode: boolean;
  patients: Array<{ id: string; name: string }>;
}

export interface ConversationToken {
  token: string;
  conversationId: string;
  userId: string;
  expiresIn: number;
}

export type Locale = 'en' | 'es';

async function readOrThrow<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `The server answered ${response.status}.`);
  }
  return (await response.json()) as T;
}

export const fetchPageConfig = async (): Promise<PageConfig> => readOrThrow(await fetch('/webchat/config'));

/** A Direct Line token from our server: the Direct Line secret never reaches the browser. */
export async function fetchConversationToken(request: { locale: Locale; patientId?: string }): Promise<ConversationToken> {
  return readOrThrow(
    await fetch('/webchat/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    }),
  );
}

/** Sends a one-time code to the e-mail or phone on the visitor's patient record; the token says which visitor. */
export async function startVerification(token: string, contact: string): Promise<{ verificationId: string; sentTo: string }> {
  return readOrThrow(
    await fetch('/webchat/verifications', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ contact }),
    }),
  );
}

export async function confirmVerification(token: string, verificationId: string, code: string): Promise<void> {
  await readOrThrow(
    await fetch(`/webchat/verifications/${encodeURIComponent(verificationId)}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ code: code.trim() }),
    }),
  );
}
