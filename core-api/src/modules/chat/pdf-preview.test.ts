import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import { previewOf } from './file-inspection';
import { pdfPreviewLimits, renderPdfPreview } from './pdf-preview';
import { onePagePdf } from './test-pdf';

// A 200 × 400 pt page (fits 320 px as 160 × 320, scale 0.8): a red square 100 pt a side, 20 pt from the
// bottom-left corner, and a word in Helvetica near the top.
const page = onePagePdf({ width: 200, height: 400, content: '1 0 0 rg 20 20 100 100 re f 0 g BT /F1 24 Tf 20 300 Td (Consulta) Tj ET' });

async function pixelsOf(webp: Buffer) {
  const { data, info } = await sharp(webp).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)] as [number, number, number];
  return { info, at };
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('renderPdfPreview', () => {
  it('draws the first page as a WebP within 320 px, with what is on it', async () => {
    const webp = await renderPdfPreview(page);
    const { info, at } = await pixelsOf(webp);
    expect((await sharp(webp).metadata()).format).toBe('webp');
    expect([info.width, info.height]).toEqual([160, 320]);
    // The square spans x 16–96 px and y 224–304 px from the top; its middle is red, the corner above it white.
    const [red, green, blue] = at(56, 264);
    expect(red).toBeGreaterThan(180);
    expect(Math.max(green, blue)).toBeLessThan(80);
    expect(Math.min(...at(150, 150))).toBeGreaterThan(235);
    // The word (Helvetica, from pdf.js's bundled fonts) darkens part of its band, y 61–80 px.
    let dark = 0;
    for (let y = 58; y < 82; y++) for (let x = 16; x < 150; x++) if (Math.max(...at(x, y)) < 100) dark += 1;
    expect(dark).toBeGreaterThan(100);

    const wide = await pixelsOf(await renderPdfPreview(onePagePdf({ width: 800, height: 200, content: '0 0 1 rg 0 0 800 200 re f' })));
    expect([wide.info.width, wide.info.height]).toEqual([320, 80]);
  });

  it('answers 422 pdf_unreadable for a damaged PDF or one that only starts like a PDF, pdf_encrypted for a locked one', async () => {
    for (const broken of [Buffer.from('%PDF-1.7\nthis is not a PDF after all\n%%EOF\n'), Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2_000, 0xa5)])]) {
      const error = await refusal(renderPdfPreview(broken));
      expect([error.kind, error.code]).toEqual(['unprocessable', 'pdf_unreadable']);
      expect(error.message).toMatch(/cannot be read/);
    }
    const locked = await refusal(renderPdfPreview(onePagePdf({ width: 200, height: 400, content: '0 g 0 0 10 10 re f', encrypted: true })));
    expect([locked.kind, locked.code]).toEqual(['unprocessable', 'pdf_encrypted']);
  });

  it('refuses pages beyond 200 inches a side, and renders that overrun the time limit', async () => {
    const huge = await refusal(renderPdfPreview(onePagePdf({ width: 20_000, height: 300, content: '0 g 0 0 10 10 re f' })));
    expect(huge).toMatchObject({ kind: 'unprocessable', code: 'pdf_page_size_unsupported', details: { maxPoints: 14_400 } });
    const slow = await refusal(renderPdfPreview(page, { ...pdfPreviewLimits, timeoutMs: 1 }));
    expect(slow).toMatchObject({ code: 'pdf_preview_too_costly', details: { limit: 'time', timeoutMs: 1 } });
  });
});

describe('previewOf a PDF', () => {
  it('is the rendered page, and the placeholder only when the renderer itself fails', async () => {
    expect(await previewOf(page, 'application/pdf', async () => Buffer.from('webp'))).toMatchObject({ placeholder: false, body: Buffer.from('webp') });
    const fallback = await previewOf(page, 'application/pdf', async () => {
      throw new Error('canvas module missing');
    });
    expect(fallback).toMatchObject({ placeholder: true, contentType: 'image/webp', fallbackError: new Error('canvas module missing') });
    expect((await sharp(fallback.body).metadata()).format).toBe('webp');
    await expect(previewOf(page, 'application/pdf', async () => {
      throw new AppError('unprocessable', 'pdf_unreadable', 'damaged');
    })).rejects.toMatchObject({ code: 'pdf_unreadable' });
  });
});
