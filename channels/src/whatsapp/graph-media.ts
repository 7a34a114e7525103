import { createHash } from 'node:crypto';
import { defaultApiVersion, defaultGraphBaseUrl, GraphApiError } from './graph-sender';

export interface GraphMediaOptions {
  accessToken: string;
  /** Instead of https://graph.facebook.com; tests point it at a local fake. */
  baseUrl?: string;
  apiVersion?: string;
  /** Files above this are not downloaded (default 10 MB, the documents module's own limit is checked there). */
  maxBytes?: number;
  timeoutMs?: number;
  /** Node's fetch unless given: the host passes one through its circuit breaker, as for sends. */
  fetch?: typeof fetch;
}

export interface FetchedMedia {
  content: Buffer;
  mimeType: string;
}

/** Why a received file could not be fetched (too big, altered, or the Graph API refused). */
export class MediaFetchError extends Error {
  override readonly name = 'MediaFetchError';
  constructor(
    readonly code: 'media_too_large' | 'media_checksum_mismatch' | 'media_unavailable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Downloads a received image or document the Cloud API way: `GET
 * /{version}/{media-id}` with the bearer token answers a short-lived URL with
 * the file's type, size and SHA-256; a `GET` of that URL with the same token
 * answers the bytes. The URL is never logged or kept: it grants the file.
 */
export function createGraphMedia(options: GraphMediaOptions) {
  const base = (options.baseUrl ?? defaultGraphBaseUrl).replace(/\/+$/, '');
  const version = options.apiVersion ?? defaultApiVersion;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const authorization = `Bearer ${options.accessToken}`;
  const get = options.fetch ?? fetch;

  async function refusal(response: Response): Promise<GraphApiError> {
    const body = (await response.json().catch(() => undefined)) as
      { error?: { code?: number; error_subcode?: number; fbtrace_id?: string; message?: string } } | undefined;
    const error = body?.error;
    return new GraphApiError(response.status, error?.code, error?.error_subcode, error?.fbtrace_id, error?.message ?? `The Graph API answered ${response.status}.`);
  }

  return {
    async fetch(mediaId: string): Promise<FetchedMedia> {
      const described = await get(`${base}/${version}/${encodeURIComponent(mediaId)}`, {
        headers: { authorization }, signal: AbortSignal.timeout(timeoutMs),
      });
      if (!described.ok) throw await refusal(described);
      const info = (await described.json()) as { url?: string; mime_type?: string; sha256?: string; file_size?: string | number };
      if (!info.url) throw new MediaFetchError('media_unavailable', 'The Graph API gave no URL for the media.');
      // Meta answers the size as a string; a file above the limit is not downloaded at all.
      if (Number(info.file_size) > maxBytes) throw new MediaFetchError('media_too_large', `The file is larger than ${maxBytes} bytes.`);
      const download = await get(info.url, { headers: { authorization }, signal: AbortSignal.timeout(timeoutMs) });
      if (!download.ok) throw await refusal(download);
      const content = Buffer.from(await download.arrayBuffer());
      if (content.length > maxBytes) throw new MediaFetchError('media_too_large', `The file is larger than ${maxBytes} bytes.`);
      if (info.sha256 && /^[0-9a-f]{64}$/i.test(info.sha256) && createHash('sha256').update(content).digest('hex') !== info.sha256.toLowerCase()) {
        throw new MediaFetchError('media_checksum_mismatch', 'The downloaded file does not match its SHA-256.');
      }
      return { content, mimeType: info.mime_type ?? download.headers.get('content-type') ?? 'application/octet-stream' };
    },
  };
}

export type GraphMedia = ReturnType<typeof createGraphMedia>;
