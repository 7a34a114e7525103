/**
 * Phrase patterns per intent, matched against plainText output (folded, no
 * punctuation, contractions joined: "i'd" → "id", "don't" → "dont").
 * The weight is the confidence the pattern gives on its own; the highest
 * weight wins, so an explicit "cancel" beats the "appointment" it mentions.
 */
import type { Intent } from './classify-intent';

/**
 * @example
 * const pattern: IntentPattern = { intent: 'thanks', weight: 0.6, patterns: [/\bgracias\b/] };
 */
export interface IntentPattern {
  intent: Intent;
  weight: number;
  patterns: readonly RegExp[];
}

const SERVICE_NOUNS =
  'appointment|appointments|appt|booking|consultation|visit|session|check up|checkup|slot|reservation';
const SPANISH_SERVICE_NOUNS = 'cita|hora|consulta|turno|sesion|visita|reserva|revision';

/**
 * Every intent's phrases, strongest weights first within an intent.
 *
 * @example
 * INTENT_PATTERNS.filter((entry) => entry.intent === 'cancel').length // => 2
 */
export const INTENT_PATTERNS: readonly IntentPattern[] = [
  {
    intent: 'handoff',
    weight: 0.95,
    patterns: [
      /\b(?:talk|speak|chat) (?:to|with) (?:a |an |some |the )?(?:real |actual |live )?(?:person|human|someone|somebody|agent|operator|receptionist|staff|people|manager)\b/,
      /\b(?:real|actual|live) (?:person|human)\b|\bhuman (?:agent|being)\b|\btransfer me\b|\b(?:call|phone|ring) me(?: back)?\b/,
      /\bhablar con (?:una |un |alguna |el |la )?(?:persona|humano|alguien|recepcion|recepcionista|agente|operador|responsable)\b/,
      /\bpersona (?:real|de verdad)\b|\bque me llamen\b|\bllam(?:ame|adme|enme)\b|\bpasame con\b/,
    ],
  },
  {
    intent: 'waitlist',
    weight: 0.96,
    patterns: [
      /\bwait ?(?:ing )?list\b|\bcancellation list\b|\bnotify me\b/,
      /\blet me know (?:if|when) (?:something|anything|a slot|a spot|one|a place) (?:opens|frees|comes|becomes)\b/,
      /\bif (?:someone|anyone|somebody) cancels\b/,
      /\blista de espera\b|\bavis(?:ame|adme|eme|ad)\b|\bsi (?:alguien|alguno) (?:cancela|anula)\b|\bsi se (?:libera|queda libre)\b/,
    ],
  },
  {
    intent: 'cancel',
    weight: 0.95,
    patterns: [
      /\bcancel(?:l?ing|l?ed)?\b(?! (?:policy|fee|fees|charge))|\bcall (?:it )?off\b/,
      /\bcancela(?:r|rla|rlo|d|do)?\b|\banula(?:r|rla|rlo|d)?\b|\bdar de baja\b|\bdesconvocar\b/,
    ],
  },
  {
    intent: 'cancel',
    weight: 0.6,
    patterns: [
      /\b(?:cant|cannot|wont be able to|will not be able to) (?:make it|come|attend)\b|\bno (?:podre|puedo) (?:ir|acudir|asistir)\b/,
    ],
  },
  {
    intent: 'reschedule',
    weight: 0.95,
    patterns: [
      /\b(?:re ?schedul\w*|rebook\w*|postpone\w*|push (?:it |my \w+ )?back|bring (?:it |my \w+ )?forward)\b/,
      new RegExp(`\\b(?:move|change|shift|switch)\\b.{0,30}\\b(?:${SERVICE_NOUNS}|it|time|date|day)\\b`),
      /\b(?:different|another|other) (?:day|time|date)\b/,
      new RegExp(
        `\\b(?:cambiar|mover|aplazar|retrasar|adelantar|reprogramar|posponer|pasar)\\b.{0,30}\\b(?:${SPANISH_SERVICE_NOUNS}|fecha|dia)\\b`,
      ),
      /\b(?:cambiar|mover|aplazar|retrasar|adelantar|posponer)(?:la|lo)\b|\bcambio de (?:cita|hora|dia)\b|\botro dia\b/,
    ],
  },
  {
    intent: 'my_appointments',
    weight: 0.95,
    patterns: [
      new RegExp(
        `\\b(?:what|which|when|show|list|see|check|view|tell me|remind me)\\b.{0,30}\\bmy (?:next |upcoming |future )?(?:${SERVICE_NOUNS})\\b`,
      ),
      new RegExp(
        `\\b(?:${SERVICE_NOUNS}) (?:do|have) i (?:have|got|booked)\\b|\\bdo i have (?:an |any )?(?:${SERVICE_NOUNS})\\b|\\bwhen is my\\b|\\bmy upcoming\\b`,
      ),
      /\b(?:que|cuales|cuando|ver|mostrar|muestrame|dime|consultar|recuerdame)\b.{0,30}\bmis (?:proximas )?(?:citas|reservas)\b/,
      /\b(?:citas|reservas) tengo\b|\bcuando es mi (?:cita|consulta|reserva)\b|\btengo (?:alguna )?cita\b/,
    ],
  },
  {
    // Above my_appointments: "can I get my appointment confirmation" names the appointment too.
    intent: 'my_confirmation',
    weight: 0.96,
    patterns: [
      /\b(?:send|give|email|mail|forward|get|resend|download)\b(?: me)?(?: (?:my|the|a))?(?: appointment| booking)? confirmation\b/,
      /\bwhere(?: is|s) (?:my|the) (?:appointment |booking )?confirmation\b|\bi (?:need|want) (?:my|the|a) (?:appointment |booking )?confirmation\b/,
      /\bconfirmation (?:pdf|document|letter)\b/,
      /\b(?:enviame|mandame|reenviame|dame|envia|manda|descargar|necesito|quiero)\b(?: la| mi)? (?:confirmacion|justificante)\b/,
      /\bdonde (?:esta|tengo) (?:la |mi )?(?:confirmacion|justificante)\b|\b(?:confirmacion|justificante) (?:de (?:la |mi )?cita|en pdf)\b/,
    ],
  },
  {
    intent: 'advice',
    weight: 0.92,
    patterns: [
      /\bwhat (?:should|can|could|do|would) i (?:take|use|put|apply|rub)\b/,
      /\bwhat (?:medicine|medication|pill|pills|tablet|tablets|cream|ointment|drug|antibiotic|dose|dosage)\b/,
      /\bshould i (?:take|use|stop taking|worry|be worried|go to (?:the )?(?:er|emergency|hospital|a and e))\b/,
      /\bis (?:it|this|that)(?: \w+)? (?:serious|dangerous|normal|cancer|contagious|infected|malignant|broken)\b|\bdiagnos\w*/,
      /\bcan i (?:take|mix|drink|use)\b.{0,30}\b(?:with|while|ibuprofen|paracetamol|aspirin|antibiotics?|alcohol|cream)\b/,
      /\bhow (?:much|many) (?:mg|milligrams|pills|tablets|ibuprofen|paracetamol|aspirin)\b/,
      /\bwill i (?:win|lose|get custody|get the house|go to jail)\b|\bdo i have a (?:case|chance)\b|\bam i (?:entitled|liable)\b/,
      /\bwhat are my (?:chances|rights)\b|\bcan (?:i|my ex|my husband|my wife) (?:sue|get (?:full )?custody|keep the)\b|\bshould i sign\b/,
      /\bque (?:pastilla|pastillas|medicamento|medicina|crema|pomada|antibiotico|dosis|jarabe) (?:me )?(?:tomo|debo|deberia|puedo|pongo|uso|me pongo|tomar)\b/,
      /\bque (?:me )?(?:tomo|pongo|hago para)\b|\bque (?:debo|deberia|puedo|tengo que) (?:tomar|ponerme|usar)\b/,
      /\bes (?:grave|normal|peligroso|contagioso|cancer|maligno)\b|\bpuedo tomar\b|\bdiagnostic\w*/,
      /\bvoy a ganar\b|\bganare\b|\btengo derecho\b|\bme (?:quitaran|daran|van a quitar|van a dar) la custodia\b|\bcuales son mis derechos\b/,
    ],
  },
  {
    intent: 'question',
    weight: 0.88,
    patterns: [
      /\bhow much\b|\b(?:price|prices|pricing|cost|costs|fee|fees|rates?|tariff)\b|\bcancellation (?:policy|fee)\b|\bpolic(?:y|ies)\b/,
      /\b(?:parking|park)\b|\binsurance\b|\binsurer\b|\bcovered by\b|\bdo you (?:accept|take)\b|\bpay(?:ment)? (?:by|with|options|methods)\b/,
      /\b(?:opening|office|business|working) hours\b|\bwhat time do you (?:open|close)\b|\b(?:are|is) (?:you|the clinic|the office|it) open\b/,
      /\bwhen (?:are|do) you (?:open|close)\b|\bwhere (?:are you|is the|is your|are you located)\b|\baddress\b|\bhow (?:do|can) i get (?:there|to you)\b/,
      /\bprepar(?:e|ation)\b|\bfasting\b|\bwhat (?:do|should) i (?:need to )?bring\b|\bshould i bring\b|\bwheelchair\b|\baccessib\w+\b/,
      /\bhow long (?:does|will|is) (?:it|the appointment|the session|a session|the visit|a visit|the consultation)\b/,
      /\bcuanto (?:cuesta|vale|cobrais|cobran|es|dura)\b|\bprecios?\b|\btarifas?\b|\baparca\w*\b|\bparking\b|\bpolitica\b/,
      /\b(?:aceptan|admiten|trabajan con|cubre|cubren|aceptais)\b.{0,25}\b(?:seguro|mutua|aseguradora|tarjeta)\b|\bseguro medico\b/,
      /\b(?:sanitas|adeslas|asisa|dkv|mapfre|aegon)\b|\bhorarios?\b|\ba que hora (?:abren|cierran|abris|cerrais)\b|\b(?:abren|abris|cierran)\b/,
      /\bdonde (?:estan|esta|estais|queda)\b|\bdireccion\b|\bcomo (?:llego|se llega)\b|\bayun\w+\b|\bque (?:tengo que|debo) llevar\b/,
      /\bformas? de pago\b|\bpagar con\b|\bbizum\b/,
    ],
  },
  {
    intent: 'see_slots',
    weight: 0.86,
    patterns: [
      /\b(?:what|which|any) (?:times?|slots?|days?|dates?|openings?|availability|hours?|appointments?)\b.{0,25}\b(?:free|available|open|left|do you have|are there)\b/,
      /\bwhat (?:do you have|have you got|is available|s available|is free|s free|is open)\b|\bwhen (?:is|are) .{0,40}\b(?:available|free)\b/,
      /\bdo you have (?:anything|something|any (?:slots?|times?|openings?|availability|appointments?|space|room)|availability|space|room)\b/,
      /\bis (?:there|dr \w+|\w+) (?:anything|any availability|availability|any slot|any time|free|available)\b|\bwhen can i (?:come|see|get)\b/,
      /\bshow me (?:the )?(?:times|slots|availability|free|available)\b|\bavailab(?:ility|le times)\b|\bfree (?:slots|times)\b/,
      /\b(?:que|cuales) (?:horas|huecos|dias|citas|horarios|fechas)\b.{0,25}\b(?:hay|teneis|tienen|tienes|tiene|quedan|estan|libres|disponibles)\b/,
      /\bhay (?:algo|hueco|huecos|horas?|citas?|disponibilidad|sitio)\b|\b(?:tiene|tienen|teneis|tienes) (?:algo|hueco|huecos|horas?|disponibilidad|sitio)\b/,
      /\bdisponibilidad\b|\bhuecos? libres?\b|\bque hay (?:libre|disponible)\b|\bcuando (?:puedo ir|hay hueco|tiene hueco|esta libre)\b/,
    ],
  },
  {
    intent: 'book',
    weight: 0.9,
    patterns: [
      /\b(?:book|schedule|reserve|arrange|set up)\b|\bmake (?:me )?(?:an? )?(?:appointment|booking|reservation)\b/,
      // "Can I see Dr. Chen on Thursday?" names a person, not an appointment.
      /\b(?:can|could|may) (?:i|we) (?:see|visit)\b|\b(?:id like|i would like|i want|i need) to see\b/,
      new RegExp(
        `\\b(?:id like|i would like|i want|i wanna|i need|can i (?:have|get|make)|could i (?:have|get|make)|looking for|id love)\\b.{0,40}\\b(?:${SERVICE_NOUNS}|to see|to come in|to visit)\\b`,
      ),
      new RegExp(
        `\\b(?:reservar|pedir|coger|agendar|programar|concertar|solicitar|sacar)\\b.{0,20}\\b(?:${SPANISH_SERVICE_NOUNS})\\b|\\breservar\\b|\\bpedir (?:cita|hora)\\b`,
      ),
      new RegExp(
        `\\b(?:quiero|quisiera|necesito|me gustaria|queria|podria|puedo)\\b.{0,40}\\b(?:${SPANISH_SERVICE_NOUNS}|ver a|ir al|ir a la|pedir)\\b`,
      ),
    ],
  },
  {
    intent: 'book',
    weight: 0.5,
    patterns: [new RegExp(`\\b(?:${SERVICE_NOUNS})\\b|\\b(?:${SPANISH_SERVICE_NOUNS})\\b`)],
  },
  {
    intent: 'off_topic',
    weight: 0.75,
    patterns: [
      /\b(?:weather|joke|jokes|football|soccer|basketball|recipe|poem|song|movie|film|bitcoin|crypto|stock market|homework|lottery)\b/,
      /\bcapital of\b|\bwho (?:won|is the president)\b|\bmeaning of life\b|\bwrite (?:me )?(?:a|an|some)\b|\btranslate\b/,
      /\b(?:tiempo hace|que tiempo|chiste|chistes|futbol|receta|poema|cancion|pelicula|bitcoin|loteria|deberes)\b|\bcapital de\b|\bescribeme\b/,
    ],
  },
  {
    intent: 'thanks',
    weight: 0.6,
    patterns: [
      /\b(?:thanks|thank you|thx|ty|cheers|much appreciated|gracias|te lo agradezco|se lo agradezco)\b/,
    ],
  },
  {
    intent: 'greeting',
    weight: 0.6,
    patterns: [
      /^(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|hola|buenas|buenos dias|saludos)\b/,
    ],
  },
];

/** Tie-break order when two intents reach the same weight: the costlier mistake first. */
export const INTENT_PRIORITY: readonly Intent[] = [
  'handoff',
  'waitlist',
  'cancel',
  'reschedule',
  'my_confirmation',
  'my_appointments',
  'advice',
  'question',
  'see_slots',
  'book',
  'off_topic',
  'thanks',
  'greeting',
  'unknown',
];
