/**
 * Concepts that intake choice lists commonly hold, with the words people use
 * for them in both languages, folded (lower case, no accents). An option and
 * an answer that fall in the same concept match, whatever the language of
 * each: the answer "divorcio" picks the option "divorce", and back.
 */

export const ENUM_CONCEPTS: readonly (readonly string[])[] = [
  ['divorce', 'divorcing', 'divorced', 'divorcio', 'divorciarme', 'divorciarnos', 'divorciar'],
  ['separation', 'separacion', 'separarme', 'separated', 'separada', 'separado'],
  [
    'custody',
    'child custody',
    'custodia',
    'guarda y custodia',
    'guardia y custodia',
    'visitation',
    'regimen de visitas',
    'visitas',
  ],
  ['child support', 'manutencion', 'pension alimenticia', 'alimentos', 'maintenance'],
  ['inheritance', 'herencia', 'herencias', 'testamento', 'estate', 'probate', 'sucesion'],
  [
    'other',
    'otro',
    'otra',
    'otros',
    'otras',
    'something else',
    'otra cosa',
    'none of these',
    'ninguno',
    'ninguna',
    'else',
  ],
  ['male', 'man', 'hombre', 'varon', 'masculino', 'm'],
  ['female', 'woman', 'mujer', 'femenino', 'f'],
  [
    'first visit',
    'first time',
    'new patient',
    'primera visita',
    'primera vez',
    'paciente nuevo',
    'paciente nueva',
  ],
  ['follow up', 'follow-up', 'followup', 'revision', 'seguimiento', 'control'],
  ['morning', 'mornings', 'manana', 'mananas', 'por la manana'],
  ['afternoon', 'afternoons', 'tarde', 'tardes', 'por la tarde'],
  ['email', 'e-mail', 'mail', 'correo', 'correo electronico'],
  ['phone', 'telephone', 'call', 'telefono', 'llamada', 'movil'],
  ['whatsapp', 'whats app', 'wasap', 'guasap'],
  ['english', 'ingles'],
  ['spanish', 'espanol', 'castellano'],
];
