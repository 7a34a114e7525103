/**
 * A minimal valid one-page PDF written by hand (no PDF library is installed): a catalog, a page
 * tree, one page of `width` × `height` points and a content stream, with the byte offsets of the
 * cross-reference table computed as the objects are laid out, so pdf.js reads it without repair.
 * The content stream is PDF drawing operators, e.g. `1 0 0 rg 20 20 100 60 re f` (a red rectangle
 * from the bottom-left corner). `encrypted` adds a standard security handler whose password
 * hashes match no password, as a PDF protected by one the reader does not know.
 */
export function onePagePdf(options: { width: number; height: number; content: string; encrypted?: boolean }): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${options.width} ${options.height}] /Contents 4 0 R ` +
      '/Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(options.content, 'latin1')} >>\nstream\n${options.content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  if (options.encrypted) objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`);
  const encryption = options.encrypted ? ` /Encrypt 6 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]` : '';
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, n/f, and a two-byte end of line.
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encryption} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
