import type { FastifyBaseLogger } from 'fastify';
import type { InboundMedia, InboundMessage, OutboundMessage } from '@consulta/channels';
import { createCoreApiClient, CoreApiError, unwrap, type CoreApiClient } from '@consulta/core-api/client';
import { exchangeForUserToken, type ServiceTokenProvider } from '../assistant/service-token';

/** The intake field an insurance card fills (the demo's medical domain; any domain with this key). */
const insuranceField = 'insurance_number';
// The values behind the Yes and No buttons: the channel keeps them with the buttons (on any replica), so
// a tap comes back as one of these, and the number travels with it: no state in this process.
const savePrefix = 'insurance-number:save:';
const declineValue = 'insurance-number:keep';
const insurancePattern = /^[A-Z0-9-]{6,20}$/;

const words = {
  en: {
    proposal: (number: string) => `I read your insurance number ${number}. Shall I save it?`,
    yes: 'Yes',
    no: 'No',
    kept: "Thank you, I've kept it in your documents.",
    saved: (number: string) => `Saved: your insurance number is now ${number}.`,
    notSaved: "All right, I haven't saved it. The file stays in your documents.",
    notLinked: 'I can keep files only for patients whose number is linked to their record. Write to me first to get started.',
    notAllowed: 'I can keep PDFs and photos (PNG or JPEG) only.',
    verifyFirst: 'I can keep files only for patients I know: please verify who you are first (the "Verify it\'s me" button).',
  },
  es: {
    proposal: (number: string) => `He leído tu número de seguro ${number}. ¿Lo guardo?`,
    yes: 'Sí',
    no: 'No',
    kept: 'Gracias, lo he guardado en tus documentos.',
    saved: (number: string) => `Guardado: tu número de seguro es ahora ${number}.`,
    notSaved: 'De acuerdo, no lo he guardado. El archivo sigue en tus documentos.',
    notLinked: 'Solo puedo guardar archivos de pacientes cuyo número está vinculado a su ficha. Escríbeme primero para empezar.',
    notAllowed: 'Solo puedo guardar PDF y fotos (PNG o JPEG).',
    verifyFirst: 'Solo puedo guardar archivos de pacientes que conozco: verifica primero quién eres (el botón «Verificar que soy yo»).',
  },
};
const wordsFor = (locale?: string) => (locale?.startsWith('es') ? words.es : words.en);

export interface PatientFilesOptions {
  coreApi: { baseUrl: string; fetch?: typeof fetch };
  serviceToken: ServiceTokenProvider;
  log: FastifyBaseLogger;
}

/**
 * What the bot does with a file a patient sends on WhatsApp or in web chat: it is uploaded to
 * core-api's documents as the patient (the token exchange the assistant uses,
 * so core-api checks the patient's own rights), and a photo is read with OCR.
 * An insurance number found on it is proposed with Yes / No buttons; Yes saves
 * it to the patient's profile (`PATCH /me`). Everything goes through the typed
 * client: the bot holds no document and no number.
 */
export function createPatientFiles(options: PatientFilesOptions) {
  const serviceApi = createCoreApiClient({ ...options.coreApi });

  /** The patient behind a channel identity (a phone number, a verified web chat user), or null. */
  async function asPatient(channel: 'whatsapp' | 'webchat', senderId: string): Promise<CoreApiClient | null> {
    const exchanged = await exchangeForUserToken(serviceApi, await options.serviceToken(), channel, senderId);
    return exchanged ? createCoreApiClient({ ...options.coreApi, token: exchanged.token }) : null;
  }

  /** The first domain that asks for an insurance number: OCR maps the card's words to its fields. */
  async function insuranceDomain(api: CoreApiClient): Promise<string | undefined> {
    const domains = await unwrap(api.GET('/api/v1/domains'));
    return domains.find((domain) => domain.intakeFields.some((field) => field.key === insuranceField))?.id;
  }

  async function readInsuranceNumber(api: CoreApiClient, documentId: string, locale?: string): Promise<string | undefined> {
    const domainId = await insuranceDomain(api);
    if (!domainId) return undefined;
    const extraction = await unwrap(api.POST('/api/v1/documents/{documentId}/ocr', {
      params: { path: { documentId } }, body: { language: locale?.startsWith('es') ? 'spa' : 'eng', domainId },
    }));
    const value = extraction.fields.find((field) => field.key === insuranceField)?.value;
    return value && insurancePattern.test(value) ? value : undefined;
  }

  return {
    /** The channel's media handler: upload, OCR for images, and the proposal. */
    async handleMedia(media: InboundMedia): Promise<OutboundMessage[]> {
      const channel = media.channel === 'webchat' ? 'webchat' : 'whatsapp';
      const api = await asPatient(channel, media.senderId);
      if (!api) return [{ text: channel === 'webchat' ? wordsFor(media.locale).verifyFirst : wordsFor(media.locale).notLinked }];
      // A file may be the first message of a number: then the channel knows no language, the profile does.
      const locale = media.locale ?? (await unwrap(api.GET('/api/v1/me'))).locale;
      const say = wordsFor(locale);
      const form = new FormData();
      const source = channel === 'webchat' ? 'web chat' : 'WhatsApp';
      form.append('title', media.filename ?? media.caption ?? (media.kind === 'image' ? `Photo from ${source}` : `Document from ${source}`));
      form.append('file', new Blob([new Uint8Array(media.content)], { type: media.contentType }), media.filename ?? `${channel}-file`);
      let documentId: string;
      try {
        // The typed client has no schema for multipart bodies: the FormData goes as it is, with its boundary.
        documentId = (await unwrap(api.POST('/api/v1/documents', { body: form as never, bodySerializer: (body: unknown) => body as FormData }))).id;
      } catch (error) {
        if (error instanceof CoreApiError && (error.code === 'file_type_not_allowed' || error.code === 'file_too_large')) return [{ text: say.notAllowed }];
        throw error;
      }
      if (media.kind !== 'image') return [{ text: say.kept }];
      let number: string | undefined;
      try {
        number = await readInsuranceNumber(api, documentId, locale);
      } catch (error) {
        // The file is kept whatever OCR makes of it; the patient is not troubled with the failure.
        options.log.warn({ documentId, channel, error: (error as Error).message }, 'OCR of a photo failed');
      }
      if (!number) return [{ text: say.kept }];
      return [{
        text: say.proposal(number),
        choices: [{ label: say.yes, value: `${savePrefix}${number}` }, { label: say.no, value: declineValue }],
      }];
    },

    /** The answer to a proposal (a tapped Yes or No), or null for every other message, which goes to the assistant. */
    async answer(message: InboundMessage): Promise<OutboundMessage[] | null> {
      const say = wordsFor(message.locale);
      if (message.text === declineValue) return [{ text: say.notSaved }];
      if (!message.text.startsWith(savePrefix)) return null;
      const number = message.text.slice(savePrefix.length);
      if (!insurancePattern.test(number)) return null;
      const api = await asPatient(message.channel === 'webchat' ? 'webchat' : 'whatsapp', message.senderId);
      if (!api) return [{ text: say.notLinked }];
      const profile = await unwrap(api.PATCH('/api/v1/me', { body: { insuranceNumber: number } }));
      return [{ text: wordsFor(message.locale ?? profile.locale).saved(number) }];
    },
  };
}
