/**
 * Prompt-injection and data-fishing phrases, matched against plainText output
 * (folded, no punctuation, contractions joined). Kept apart from the intent
 * patterns because a hit here overrides any intent.
 */

export const INJECTION_PATTERNS: readonly RegExp[] = [
  // Overriding the assistant's instructions
  // A bare "ignore my previous message" is a correction, so the object must be the rules themselves.
  /\b(?:ignore|disregard|forget|override|bypass)\b.{0,30}\b(?:instructions?|rules|prompt|guidelines|directives|programming|restrictions|guardrails|everything (?:above|before|you were told)|what you were told)\b/,
  /\b(?:new|updated|real|hidden|secret) (?:instructions?|rules|system prompt)\b/,
  /\bsystem (?:prompt|message|instructions?)\b|\bdeveloper (?:mode|message)\b|\bjailbreak\w*\b|\bdo anything now\b|\bprompt injection\b/,
  /\b(?:reveal|show|print|repeat|tell me|give me|output|leak)\b.{0,20}\b(?:your|the) (?:prompt|instructions|rules|configuration|config|api key|password|secrets?)\b/,
  // Changing the assistant's role or privileges
  /\byou are (?:now|no longer)\b|\bfrom now on you\b|\bpretend (?:to be|you are)\b|\brole ?play as\b/,
  /\b(?:act|behave|respond|speak) as (?:an? |the )?(?:admin|administrator|root|developer|system|superuser|doctor|staff|receptionist|dan)\b/,
  /\bi am (?:an? |the )?(?:admin|administrator|developer|your developer|your creator|root|superuser)\b|\badmin (?:mode|access|rights|privileges)\b|\bsudo\b/,
  // Other people's data
  /\b(?:all|every|other|another)(?: the)? (?:patients?|clients?|users?|customers?) ?s? (?:appointments?|bookings?|data|records?|names|details|information|info|phone numbers?|emails?|addresses)\b/,
  /\b(?:everyones|everybodys|someone elses|somebody elses) (?:appointments?|bookings?|data|records?|details|information)\b|\b(?:list|names) of (?:all )?(?:the |your )?(?:patients|clients)\b/,
  /\b(?:list|show|give|send|export|dump|tell)\b.{0,20}\b(?:every|the whole|the entire|the full) (?:appointment book|calendar|schedule|agenda|patient list|client list)\b/,
  /\b(?:sql|drop table|select from|api key|access token|credentials)\b/,
  // Spanish
  /\b(?:ignora|ignorad|olvida|olvidate de|salta|saltate|omite|anula)\b.{0,30}\b(?:instrucciones|reglas|indicaciones|normas|prompt|programacion|restricciones|todo lo que te han dicho)\b/,
  /\b(?:ahora eres|a partir de ahora eres|finge (?:ser|que eres)|comportate como)\b|\bactua como (?:un |una |el |la )?(?:admin|administrador|desarrollador|sistema|root|doctor|medico|recepcionista)\b/,
  /\b(?:prompt|mensaje|instrucciones) del sistema\b|\bmodo (?:desarrollador|administrador|dios)\b|\bsoy (?:el )?(?:administrador|desarrollador|admin)\b/,
  /\b(?:todos|todas|otros|otras) (?:los |las )?(?:pacientes|clientes|usuarios)\b|\b(?:citas|datos) de (?:todos|otros|otras|otro|otra) (?:pacientes|clientes|personas|usuarios)?\b/,
  /\b(?:muestrame|ensename|dame|listame|envia(?:me)?)\b.{0,20}\b(?:la agenda (?:completa|entera)|el calendario (?:completo|entero)|la lista de (?:pacientes|clientes))\b/,
];

/**
 * "show me Ben Carter's appointments": a possessive on a full name followed
 * by appointment words asks for someone else's data ("my son's" is allowed;
 * acting on another person's booking is left to the booking rules). Runs on
 * folded text with apostrophes kept.
 */
export const OTHER_PERSON_APPOINTMENTS =
  /\b(?:show|list|give|tell|send|check|see|what are|what is|read)\b.{0,20}\b(?!(?:my|our|your|the|a|his|her|their)\b)[a-z]+ [a-z]+'s? (?:appointments?|bookings?|records?|history|data|details)\b/;
