import type { GraphErrorBody, GraphMessageBody, GraphSendResponse } from './graph-types';

export interface GraphSenderOptions {
  accessToken: string;
  phoneNumberId: string;
  /** Instead of https://graph.facebook.com; tests point it at a local fake. */
  baseUrl?: string;
  /** The Graph API version in the path; pin it in configuration, Meta retires versions after about two years. */
  apiVersion?: string;
  timeoutMs?: number;
  /** Pauses before each retry of a send Meta turned away for now (throttled, unavailable) or never received. */
  retryDelaysMs?: number[];
  /** Node's fetch unless given: the host passes one through its circuit breaker. */
  fetch?: typeof fetch;
}

export interface SentWhatsappMessage {
  /** The WhatsApp message id (wamid.…) status webhooks refer to. */
  id: string;
  status: string;
}

export interface WhatsappSender {
  /** Sends to an E.164 number. */
  send(phone: string, body: GraphMessageBody): Promise<SentWhatsappMessage>;
}

/** A Graph API refusal, with Meta's codes (131047 outside the window, 130429 throttled, 190 bad token …). */
export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    readonly fbtraceId: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

export const defaultGraphBaseUrl = 'https://graph.facebook.com';
export const defaultApiVersion = 'v23.0';

// Meta's "try again later" codes: API unknown/service (1, 2), application and account throttling
// (4, 80007, 130429) and service unavailable (131016). Retrying them cannot send twice.
const retryableCodes = new Set([1, 2, 4, 80007, 130429, 131016]);

function isRetryable(error: unknown): boolean {
  if (error instanceof GraphApiError)
    return error.status === 429 || error.status === 503 || retryableCodes.has(error.code ?? -1);
  // The request never left: nothing can have been sent. A timeout may have been, so it is not retried.
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return cause?.code === 'ECONNREFUSED';
}

/** The Cloud API's messages endpoint through Node's fetch (Meta ships no Node SDK we use). */
export function createGraphSender(options: GraphSenderOptions): WhatsappSender {
  const base = (options.baseUrl ?? defaultGraphBaseUrl).replace(/\/+$/, '');
  const url = `${base}/${options.apiVersion ?? defaultApiVersion}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  const delays = options.retryDelaysMs ?? [250, 1_000, 4_000];
  const timeoutMs = options.timeoutMs ?? 10_000;

  const send = options.fetch ?? fetch;

  async function post(phone: string, body: GraphMessageBody): Promise<SentWhatsappMessage> {
    const response = await send(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: phone.replace(/^\+/, ''),
        ...body,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const payload = (await response.json().catch(() => undefined)) as
      Partial<GraphSendResponse & GraphErrorBody> | undefined;
    const id = payload?.messages?.[0]?.id;
    if (response.ok && id) return { id, status: payload?.messages?.[0]?.message_status ?? 'accepted' };
    const error = payload?.error;
    throw new GraphApiError(
      response.status,
      error?.code,
      error?.error_subcode,
      error?.fbtrace_id,
      error?.message ?? `The Graph API answered ${response.status} without a message id.`,
    );
  }

  return {
    async send(phone, body) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await post(phone, body);
        } catch (error) {
          const delay = delays[attempt];
          if (delay === undefined || !isRetryable(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
  };
}
