import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** pdf.js's own fonts and maps, read from its package (never fetched). */
const assetDirectory = (name: string) => fileURLToPath(new URL(`../../${name}/`, import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs')));

/**
 * Parses a PDF back with pdf.js (another library than the pdf-lib that wrote it), for tests:
 * the text of every page, and the AcroForm fields with their values.
 */
export async function readPdf(content: Buffer): Promise<{ pages: number; text: string; fields: Record<string, string>; title: string | undefined }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(content), isEvalSupported: false, useSystemFonts: false, verbosity: 0,
    standardFontDataUrl: assetDirectory('standard_fonts'), cMapUrl: assetDirectory('cmaps'), cMapPacked: true,
  }).promise;
  try {
    const texts: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    const objects = ((await document.getFieldObjects()) ?? {}) as Record<string, Array<{ value?: unknown }>>;
    // A field's parent entry has no value; its widget has.
    const fields = Object.fromEntries(Object.entries(objects).map(([name, entries]) => [name, String(entries.find((entry) => 'value' in entry)?.value ?? '')]));
    const { info } = (await document.getMetadata()) as { info: { Title?: string } };
    return { pages: document.numPages, text: texts.join('\n').replace(/\s+/g, ' '), fields, title: info.Title };
  } finally {
    await document.destroy();
  }
}

/** A blank fillable form as an admin would upload it: a text field, a check box and a dropdown. */
export async function blankForm(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([400, 400]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  page.drawText('Insurance claim', { x: 40, y: 360, size: 14, font });
  const form = document.getForm();
  form.createTextField('patient_name').addToPage(page, { x: 40, y: 300, width: 300, height: 20 });
  form.createTextField('insurance_number').addToPage(page, { x: 40, y: 260, width: 300, height: 20 });
  form.createTextField('reason').addToPage(page, { x: 40, y: 220, width: 300, height: 20 });
  form.createCheckBox('first_visit').addToPage(page, { x: 40, y: 180, width: 15, height: 15 });
  const plan = form.createDropdown('plan');
  plan.addOptions(['basic', 'premium']);
  plan.addToPage(page, { x: 40, y: 140, width: 120, height: 20 });
  return Buffer.from(await document.save());
}

/**
 * A photo of an insurance card as a test draws it: black text on white with
 * @napi-rs/canvas, in Liberation Sans from pdf.js's package (no system font needed).
 */
export async function insuranceCardPng(lines: string[]): Promise<Buffer> {
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  if (!GlobalFonts.has('TestSans')) GlobalFonts.registerFromPath(fileURLToPath(new URL('LiberationSans-Regular.ttf', `file://${assetDirectory('standard_fonts')}`)), 'TestSans');
  const canvas = createCanvas(900, 70 * lines.length + 40);
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = 'black';
  context.font = '36px TestSans';
  lines.forEach((line, index) => context.fillText(line, 30, 60 + 70 * index));
  return canvas.encode('png');
}
