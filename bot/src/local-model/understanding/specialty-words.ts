/**
 * Ways people name a specialty, in folded form (lower case, no accents), both
 * languages. Symptoms that clearly belong to one specialty ("rash", "back
 * pain", "custody") are listed too: patients often name the problem, not the
 * professional.
 */

export interface SpecialtyVocabulary {
  /** Canonical key, stable across languages. */
  key: string;
  /** Phrases naming the specialty, its professional or a telltale problem. */
  phrases: readonly string[];
}

/**
 * @example
 * SPECIALTIES.find((specialty) => specialty.phrases.includes('fisio'))?.key // => 'physiotherapy'
 */
export const SPECIALTIES: readonly SpecialtyVocabulary[] = [
  {
    key: 'dermatology',
    phrases: [
      'dermatology',
      'dermatologist',
      'dermatologists',
      'skin doctor',
      'skin specialist',
      'skin',
      'derm',
      'rash',
      'mole',
      'moles',
      'acne',
      'eczema',
      'psoriasis',
      'dermatologia',
      'dermatologo',
      'dermatologa',
      'dermatologos',
      'dermatologas',
      'piel',
      'lunar',
      'lunares',
      'sarpullido',
      'erupcion',
    ],
  },
  {
    key: 'general practice',
    phrases: [
      'general practice',
      'general practitioner',
      'gp',
      'family doctor',
      'family medicine',
      'primary care',
      'check up',
      'checkup',
      'physical exam',
      'general medicine',
      'medico de cabecera',
      'medica de cabecera',
      'medico general',
      'medica general',
      'medicina general',
      'medicina de familia',
      'medico de familia',
      'medica de familia',
      'chequeo',
      'revision general',
      'reconocimiento medico',
      // Everyday complaints a family doctor sees first.
      'sore throat',
      'fever',
      'cough',
      'flu',
      'dolor de garganta',
      'fiebre',
      'tos',
      'gripe',
      'resfriado',
      'catarro',
    ],
  },
  {
    key: 'physiotherapy',
    phrases: [
      'physiotherapy',
      'physiotherapist',
      'physio',
      'physical therapy',
      'physical therapist',
      'pt',
      'back pain',
      'neck pain',
      'sports injury',
      'sprain',
      'fisioterapia',
      'fisioterapeuta',
      'fisio',
      'dolor de espalda',
      'dolor de cuello',
      'lesion deportiva',
      'esguince',
      'rehabilitacion',
      'contractura',
    ],
  },
  {
    key: 'family law',
    phrases: [
      'family law',
      'family lawyer',
      'lawyer',
      'attorney',
      'solicitor',
      'legal advice',
      'divorce',
      'custody',
      'child support',
      'alimony',
      'separation',
      'derecho de familia',
      'derecho familiar',
      'abogado',
      'abogada',
      'abogados',
      'divorcio',
      'custodia',
      'pension alimenticia',
      'separacion',
      'herencia',
      'inheritance',
    ],
  },
  {
    key: 'dentistry',
    phrases: [
      'dentistry',
      'dentist',
      'dental',
      'teeth',
      'tooth',
      'toothache',
      'dentista',
      'dientes',
      'muela',
      'odontologo',
      'odontologa',
    ],
  },
  {
    key: 'psychology',
    phrases: [
      'psychology',
      'psychologist',
      'therapist',
      'counselor',
      'counsellor',
      'therapy',
      'psicologia',
      'psicologo',
      'psicologa',
      'terapeuta',
      'terapia',
    ],
  },
];

/**
 * Words that translate between the two languages inside service names, so
 * "revisión de lunares" finds the "Mole check" service and back. Each group
 * folds to its first word.
 */
export const SERVICE_WORD_GROUPS: readonly (readonly string[])[] = [
  ['mole', 'moles', 'lunar', 'lunares'],
  ['check', 'checkup', 'check-up', 'revision', 'chequeo', 'control', 'screening', 'review'],
  ['skin', 'piel'],
  ['first', 'primera'],
  ['visit', 'consultation', 'consulta', 'visita'],
  ['follow', 'seguimiento', 'followup'],
  ['session', 'sesion'],
  ['massage', 'masaje'],
  ['cleaning', 'limpieza'],
  ['back', 'espalda'],
  ['treatment', 'tratamiento'],
  ['removal', 'extirpacion', 'eliminacion'],
  ['acne'],
  ['divorce', 'divorcio'],
  ['custody', 'custodia'],
  ['inheritance', 'herencia', 'herencias'],
];
