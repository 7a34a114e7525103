import { PDFCheckBox, PDFDocument, PDFDropdown, PDFOptionList, PDFRadioGroup, PDFTextField, StandardFonts, type PDFField } from 'pdf-lib';
import { AppError } from '../../platform/errors';
import { printable } from './pdf-render';

export interface FormField {
  name: string;
  type: 'text' | 'checkbox' | 'dropdown' | 'option_list' | 'radio' | 'other';
  /** Text, the chosen option(s) joined by ", ", or "true"/"false" for a check box; null when empty. */
  value: string | null;
  options?: string[];
  readOnly: boolean;
}

const unreadable = (message: string) => new AppError('unprocessable', 'pdf_unreadable', message);

async function load(content: Buffer): Promise<PDFDocument> {
  try {
    // pdf-lib refuses encrypted files unless told otherwise; we refuse them ourselves.
    return await PDFDocument.load(content, { updateMetadata: false });
  } catch (error) {
    if (error instanceof Error && /encrypted/i.test(error.message)) {
      throw new AppError('unprocessable', 'pdf_encrypted', 'This PDF is protected by a password, so its form cannot be read.');
    }
    throw unreadable('This PDF cannot be read (it is damaged or not really a PDF).');
  }
}

function describe(field: PDFField): FormField {
  const base = { name: field.getName(), readOnly: field.isReadOnly() };
  if (field instanceof PDFTextField) return { ...base, type: 'text', value: field.getText() || null };
  if (field instanceof PDFCheckBox) return { ...base, type: 'checkbox', value: String(field.isChecked()) };
  if (field instanceof PDFDropdown) return { ...base, type: 'dropdown', value: field.getSelected().join(', ') || null, options: field.getOptions() };
  if (field instanceof PDFOptionList) return { ...base, type: 'option_list', value: field.getSelected().join(', ') || null, options: field.getOptions() };
  if (field instanceof PDFRadioGroup) return { ...base, type: 'radio', value: field.getSelected() ?? null, options: field.getOptions() };
  return { ...base, type: 'other', value: null };
}

/** The fields of a fillable PDF (AcroForm), in document order; none for a PDF without a form. */
export async function extractFormFields(content: Buffer): Promise<FormField[]> {
  const document = await load(content);
  return document.getForm().getFields().map(describe);
}

const truthy = new Set(['true', 'yes', 'on', '1', 'x', 'sí', 'si']);

/**
 * Fills the form field by field (names not in the form are ignored and returned),
 * optionally flattened into page content so nothing stays editable.
 */
export async function fillForm(content: Buffer, values: Record<string, string>, options: { flatten?: boolean } = {}): Promise<{ content: Buffer; filled: string[]; unknown: string[] }> {
  const document = await load(content);
  const form = document.getForm();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const byName = new Map(form.getFields().map((field) => [field.getName(), field]));
  const filled: string[] = [];
  const unknown: string[] = [];
  for (const [name, raw] of Object.entries(values)) {
    const field = byName.get(name);
    if (!field) {
      unknown.push(name);
      continue;
    }
    const value = printable(font, raw);
    try {
      if (field instanceof PDFTextField) field.setText(value);
      else if (field instanceof PDFCheckBox) {
        if (truthy.has(value.trim().toLowerCase())) field.check();
        else field.uncheck();
      } else if (field instanceof PDFDropdown || field instanceof PDFOptionList || field instanceof PDFRadioGroup) field.select(value);
      else continue;
    } catch (error) {
      throw new AppError('invalid', 'form_value_invalid', `The value for field "${name}" does not fit it: ${error instanceof Error ? error.message : String(error)}`, { field: name });
    }
    filled.push(name);
  }
  form.updateFieldAppearances(font);
  if (options.flatten) form.flatten();
  return { content: Buffer.from(await document.save()), filled, unknown };
}
