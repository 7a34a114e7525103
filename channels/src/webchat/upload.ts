import { ChannelError } from '../channel-error';

export interface Upload {
  /** The activity part, parsed from JSON. */
  activity: unknown;
  files: UploadedFile[];
}

export interface UploadedFile {
  name?: string;
  contentType: string;
  size: number;
  /** The bytes, for the host's media handler; never stored with the transcript. */
  content: Buffer;
}

/**
 * Reads Direct Line's upload body: a multipart form with one `activity` part
 * (JSON) and a `file` part per attachment. The platform's own form parser
 * (undici) does the multipart work.
 */
export async function readUpload(body: Buffer, contentType: string): Promise<Upload> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new ChannelError(400, 'invalid_upload', 'The upload is not a readable multipart form.');
  }
  const activityPart = form.get('activity');
  if (activityPart === null) throw new ChannelError(400, 'invalid_upload', 'The upload has no activity part.');
  let activity: unknown;
  try {
    activity = JSON.parse(typeof activityPart === 'string' ? activityPart : await activityPart.text());
  } catch {
    throw new ChannelError(400, 'invalid_upload', 'The activity part is not JSON.');
  }
  const parts = form.getAll('file').flatMap((part) => (typeof part === 'string' ? [] : [part]));
  const files = await Promise.all(
    parts.map(async (file) => ({ name: file.name || undefined, contentType: file.type || 'application/octet-stream', size: file.size, content: Buffer.from(await file.arrayBuffer()) })),
  );
  return { activity, files };
}
