/**
 * Words that never identify a person or a service, in folded form: function
 * words, courtesy and booking vocabulary in both languages, and professional
 * titles. Dropping them before name matching stops "I want to book" from
 * fuzzily matching a "Bock" or "Wanda".
 */
import { wordSet } from './normalize-text';

/**
 * @example
 * STOP_WORDS.has('appointment') // => true
 */
export const STOP_WORDS: ReadonlySet<string> = wordSet(`
  # English function words and booking chatter
  a an the i im ive id me my mine you your he she his her him it its we our they them their is are was be
  been am do does did have has had to of in on at for with and or but from by about as this that these
  those there here what which who whom when where how why can could would will shall should may might must
  want wanna like need please thanks thank hi hello hey yes no not ok okay sure just see visit go get make
  book booking appointment appointments schedule reserve slot slots time times date day days week next
  today tomorrow morning afternoon evening name named called one some any anything available free possible
  also again still instead another other else try let lets s d ll am pm office clinic with would prefer
  find something someone again well good great fine then so if really very much more less new same
  # Spanish function words and booking chatter
  el la los las un una unos unas de del al y o u e que en con por para mi mis tu su sus yo se es son esta
  este esto eso hay quiero quisiera necesito puedo puede podria tengo tiene ver cita citas hora horas
  reservar pedir hola gracias favor si vale manana hoy semana otra otro nombre llama llamada algo alguien
  consulta mas muy bien
  # Titles, which both the user and the directory add or drop at will
  dr dra doctor doctora doc mr mrs ms miss sr sra srta don dona prof professor profesor profesora lic
  licenciado licenciada psyd phd md dds dmd jr abogado abogada fisio
`);

/**
 * Name words too common in business names to identify one on their own
 * ("Sunrise Dental", "Family Dental Care").
 */
export const GENERIC_NAME_WORDS: ReadonlySet<string> = wordSet(`
  dental dentistry dentist dentists clinic clinica center centre centro care group medical medica medico
  health salud family familia services service lab labs practice associates studio salon hair barber shop
  spa beauty cosmetic smile smiles office offices specialists specialist law firm bufete abogados inc llc
`);
