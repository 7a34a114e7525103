import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { fillPlaceholders, type TemplateText } from './document-templates';

/** What a template is rendered with: placeholder values and the intake answers with their labels. */
export interface RenderInput {
  text: TemplateText;
  values: Record<string, string>;
  intake: Array<{ label: string; value: string }>;
  /** The document's creation time, written in the PDF's metadata. */
  createdAt: Date;
}

const pageSize: [number, number] = [595.28, 841.89]; // A4
const margin = 56;
const bodySize = 11;
const lineGap = 5;

/**
 * The standard fonts speak WinAnsi only: anything outside it (a narrow no-break space
 * in a formatted time, a name in another script) is replaced rather than refused.
 */
export function printable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ')]
    .map((character) => (supported.has(character.codePointAt(0)!) ? character : '?'))
    .join('');
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/**
 * Renders a template to a one-or-more-page A4 PDF with pdf-lib: title, lines,
 * intake answers, and fillable text fields (left fillable, filled with their values).
 */
export async function renderTemplatePdf(input: RenderInput): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const title = fillPlaceholders(input.text.title, input.values);
  document.setTitle(printable(font, title));
  document.setCreator('Consulta');
  document.setProducer('Consulta documents (pdf-lib)');
  document.setCreationDate(input.createdAt);
  document.setModificationDate(input.createdAt);

  let page: PDFPage = document.addPage(pageSize);
  let y = pageSize[1] - margin;
  const width = pageSize[0] - 2 * margin;
  const room = (height: number) => {
    if (y - height < margin) {
      page = document.addPage(pageSize);
      y = pageSize[1] - margin;
    }
  };
  const write = (text: string, options: { size?: number; bold?: boolean } = {}) => {
    const size = options.size ?? bodySize;
    const face = options.bold ? bold : font;
    for (const line of wrap(face, printable(face, text), size, width)) {
      room(size + lineGap);
      y -= size;
      page.drawText(line, { x: margin, y, size, font: face, color: rgb(0.1, 0.1, 0.1) });
      y -= lineGap;
    }
  };

  write(title, { size: 18, bold: true });
  y -= 12;
  for (const line of input.text.lines) write(fillPlaceholders(line, input.values));
  if (input.text.intakeHeading) {
    y -= 10;
    write(input.text.intakeHeading, { size: 13, bold: true });
    for (const answer of input.intake) write(`${answer.label}: ${answer.value}`);
  }
  if (input.text.fields?.length) {
    const form = document.getForm();
    y -= 10;
    for (const field of input.text.fields) {
      room(2 * bodySize + 30);
      write(field.label, { bold: true });
      const box = form.createTextField(field.name);
      box.setText(printable(font, fillPlaceholders(field.value, input.values)));
      y -= 22;
      box.addToPage(page, { x: margin, y, width, height: 20, font, borderWidth: 1 });
      y -= 8;
    }
    form.updateFieldAppearances(font);
  }
  return Buffer.from(await document.save());
}
