/**
 * Words that tell English from Spanish, in folded form (no accents). Only
 * words that are common in booking chat and rare in the other language are
 * listed: "no", "me", "a", "ok", "doctor", "am"/"pm" and names are
 * deliberately left out.
 */
import { wordSet } from './normalize-text';

/**
 * @example
 * SPANISH_WORDS.has('quiero') // => true
 */
export const SPANISH_WORDS: ReadonlySet<string> = wordSet(`
  hola buenas buenos dias tardes noches gracias quiero quisiera necesito puedo puede podria tengo tiene
  tienen hay cita citas hora horas manana hoy semana lunes martes miercoles jueves viernes sabado domingo
  el la los las una un del de con para por que mi mis es esta este estoy yo si vale claro acuerdo cancelar
  cambiar reservar pedir medico doctora abogado abogada fisio dolor cuanto cuesta donde cuando como pero
  tambien mejor primera segunda primero segundo ultima ultimo otra otro persona ayuda sobre tarde noche
  proximo proxima viene lo antes posible nada bien muy seguro favor perdon disculpa correcto perfecto
  dermatologa dermatologo mover anular tu tus su sus nos olvida ignora dime quien eres hacer puedes
`);

/**
 * @example
 * ENGLISH_WORDS.has('appointment') // => true
 */
export const ENGLISH_WORDS: ReadonlySet<string> = wordSet(`
  hi hello hey thanks thank please i im ive id want would like need can could you your my the an and to
  for of on at in with is it its are do does what when where how which appointment appointments book
  booking cancel move reschedule today tomorrow week next this morning afternoon evening monday tuesday
  wednesday thursday friday saturday sunday yes yeah sure nope lawyer pain price cost much have has there
  any time times available free one first second last that good great talk speak person someone help
  should will about
`);

/** Word endings only Spanish uses ("instrucciones", "cancelación", "rápidamente"). */
export const SPANISH_ENDINGS = /(?:ciones|cion|mente)$/;
