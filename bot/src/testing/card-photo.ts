import { fileURLToPath } from 'node:url';

/** A photo of a card as a phone would take it (black text on white), drawn with @napi-rs/canvas in pdf.js's Liberation Sans. */
export async function cardPhoto(lines: string[]): Promise<Buffer> {
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  const font = fileURLToPath(new URL('../../standard_fonts/LiberationSans-Regular.ttf', import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs')));
  if (!GlobalFonts.has('CardSans')) GlobalFonts.registerFromPath(font, 'CardSans');
  const canvas = createCanvas(900, 70 * lines.length + 40);
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = 'black';
  context.font = '36px CardSans';
  lines.forEach((line, index) => context.fillText(line, 30, 60 + 70 * index));
  return canvas.encode('png');
}
