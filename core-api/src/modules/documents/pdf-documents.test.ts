import { describe, expect, it } from 'vitest';
import { fillPlaceholders, templateByKey } from './document-templates';
import { extractFormFields, fillForm } from './pdf-forms';
import { renderTemplatePdf } from './pdf-render';
import { blankForm, readPdf } from './test-pdfs';

const values = {
  'patient.name': 'Ana García', 'patient.dateOfBirth': '1988-04-12', 'appointment.id': 'appt-1', 'appointment.start': 'martes, 8 de diciembre de 2026, 10:20',
  'professional.name': 'Dr. Elena López', 'professional.timeZone': 'Europe/Madrid', 'service.name': 'Dermatology consultation',
  'intake.reason': 'A rash on my arm', 'intake.insurance_number': 'ES-4455-9921',
};

describe('templates rendered with pdf-lib', () => {
  it('read back with pdf.js: the text says what the template and values say, Spanish accents included', async () => {
    const template = templateByKey('appointment-confirmation')!;
    const pdf = await renderTemplatePdf({ text: template.text.es, values, intake: [], createdAt: new Date('2026-12-01T09:00:00Z') });
    const read = await readPdf(pdf);
    expect(read.pages).toBe(1);
    expect(read.title).toBe('Confirmación de cita');
    for (const expected of ['Confirmación de cita', 'Estimado/a Ana García:', 'Con: Dr. Elena López', 'Cuándo: martes, 8 de diciembre de 2026, 10:20', 'Referencia: appt-1']) {
      expect(read.text).toContain(expected);
    }
    expect(read.fields).toEqual({});
  });

  it('fill the fields of a form template with the values, left fillable, and list the intake answers of a summary', async () => {
    const referral = await renderTemplatePdf({ text: templateByKey('medical-referral')!.text.en, values, intake: [], createdAt: new Date() });
    const read = await readPdf(referral);
    expect(read.fields).toEqual({
      patient_name: 'Ana García', date_of_birth: '1988-04-12', insurance_number: 'ES-4455-9921', reason: 'A rash on my arm', referred_by: 'Dr. Elena López',
    });
    expect(read.text).toContain('Referred by Dr. Elena López (Dermatology consultation)');
    const summary = await renderTemplatePdf({
      text: templateByKey('legal-intake-summary')!.text.en, values, intake: [{ label: 'Type of case', value: 'custody' }], createdAt: new Date(),
    });
    expect((await readPdf(summary)).text).toContain('Type of case: custody');
  });

  it('replace what the standard fonts cannot print instead of failing, and wrap long lines onto new pages', async () => {
    const lines = Array.from({ length: 90 }, (_, index) => `Line ${index} for 王芳 at 10:20\u202fAM`);
    const pdf = await renderTemplatePdf({ text: { title: 'Long', lines }, values: {}, intake: [], createdAt: new Date() });
    const read = await readPdf(pdf);
    expect(read.pages).toBeGreaterThan(1);
    expect(read.text).toContain('Line 89 for ?? at 10:20 AM');
  });

  it('leave an unknown placeholder empty', () => {
    expect(fillPlaceholders('Hello {patient.name}{nothing.here}!', { 'patient.name': 'Ben' })).toBe('Hello Ben!');
  });
});

describe('fillable forms', () => {
  it('round-trip: the fields of a blank form are extracted, filled field by field, and extracted again with their values', async () => {
    const blank = await blankForm();
    expect((await extractFormFields(blank)).map((field) => [field.name, field.type, field.value])).toEqual([
      ['patient_name', 'text', null], ['insurance_number', 'text', null], ['reason', 'text', null], ['first_visit', 'checkbox', 'false'], ['plan', 'dropdown', null],
    ]);
    const filled = await fillForm(blank, { patient_name: 'Ana García', insurance_number: 'ES-4455-9921', first_visit: 'yes', plan: 'premium', nickname: 'Ani' });
    expect(filled.filled).toEqual(['patient_name', 'insurance_number', 'first_visit', 'plan']);
    expect(filled.unknown).toEqual(['nickname']);
    const fields = await extractFormFields(filled.content);
    expect(Object.fromEntries(fields.map((field) => [field.name, field.value]))).toEqual({
      patient_name: 'Ana García', insurance_number: 'ES-4455-9921', reason: null, first_visit: 'true', plan: 'premium',
    });
    // Another reader agrees.
    expect((await readPdf(filled.content)).fields).toMatchObject({ patient_name: 'Ana García', insurance_number: 'ES-4455-9921', plan: 'premium' });
  });

  it('flatten: no field stays, and the values become page text', async () => {
    const flat = await fillForm(await blankForm(), { patient_name: 'Ben Carter', insurance_number: 'US-777-123' }, { flatten: true });
    expect(await extractFormFields(flat.content)).toEqual([]);
    const read = await readPdf(flat.content);
    expect(read.fields).toEqual({});
    expect(read.text).toContain('Ben Carter');
    expect(read.text).toContain('US-777-123');
  });

  it('refuse what is not a PDF with pdf_unreadable', async () => {
    await expect(extractFormFields(Buffer.from('not a pdf at all'))).rejects.toMatchObject({ code: 'pdf_unreadable' });
  });
});
