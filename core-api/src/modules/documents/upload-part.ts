import { invalid } from '../../platform/errors';

/** A name as people type it, without folders or control characters. */
export function titleOf(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  if (!name) throw invalid('document_title_invalid', 'Give the document a title (`title`, or the file name).');
  return name;
}
