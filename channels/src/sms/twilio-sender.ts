import { unguarded, type OutboundGuard } from '../outbound-guard';
import twilio from 'twilio';

export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  /** The sending number; or a Messaging Service, which picks the sender itself. */
  fromNumber?: string;
  messagingServiceSid?: string;
  statusCallbackUrl: string;
  /** Where the REST API is, instead of https://api.twilio.com (tests point it at a local fake). */
  apiBaseUrl?: string;
  timeoutMs?: number;
  /** Pauses before each retry of a send Twilio refused for now (429, 503) or never received. */
  retryDelaysMs?: number[];
  /** Wraps each call to Twilio's API (the host's circuit breaker). */
  guard?: OutboundGuard;
}

export interface SentMessage {
  sid: string;
  status: string;
}

export interface SmsSender {
  send(to: string, body: string): Promise<SentMessage>;
}

type RequestOptions<TData> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & {
  data?: TData;
};

/**
 * twilio-node builds every URL on api.twilio.com; this client keeps the
 * path and query and sends them to another origin.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options: { timeout?: number },
  ) {
    super(options);
  }

  override request<TData>(options: RequestOptions<TData>) {
    const original = new URL(options.uri);
    return super.request<TData>({ ...options, uri: `${this.baseUrl}${original.pathname}${original.search}` });
  }
}

/** Retrying these cannot send a message twice: Twilio did not accept the request. */
function isRetryable(error: unknown): boolean {
  const { status, code } = error as { status?: unknown; code?: unknown };
  return status === 429 || status === 503 || code === 'ECONNREFUSED';
}

export function createTwilioSender(options: TwilioSenderOptions): SmsSender {
  if (!options.fromNumber && !options.messagingServiceSid)
    throw new Error('The SMS channel needs fromNumber or messagingServiceSid.');
  const timeout = options.timeoutMs ?? 10_000;
  const httpClient = options.apiBaseUrl
    ? new RebasedRequestClient(options.apiBaseUrl.replace(/\/+$/, ''), { timeout })
    : undefined;
  const client = twilio(options.accountSid, options.authToken, {
    httpClient,
    timeout,
    accountSid: options.accountSid,
  });
  const delays = options.retryDelaysMs ?? [250, 1_000, 4_000];
  const guard = options.guard ?? unguarded;
  const sender = options.messagingServiceSid
    ? { messagingServiceSid: options.messagingServiceSid }
    : { from: options.fromNumber! };

  return {
    async send(to, body) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const message = await guard(() =>
            client.messages.create({
              to,
              body,
              statusCallback: options.statusCallbackUrl,
              ...sender,
            }),
          );
          return { sid: message.sid, status: message.status };
        } catch (error) {
          const delay = delays[attempt];
          if (delay === undefined || !isRetryable(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
  };
}
