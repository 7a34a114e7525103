import type { SkillContext } from './skill-context';
import type { SkillInput, SkillName, SkillResults } from './contract';
import { run as acceptProposedTime } from './accept-proposed-time';
import { run as blockTime } from './block-time';
import { run as cancelAppointment } from './cancel-appointment';
import { run as checkIntakeAnswers } from './check-intake-answers';
import { run as decideAppointments } from './decide-appointments';
import { run as findProfessionals } from './find-professionals';
import { run as getIntakeQuestions } from './get-intake-questions';
import { run as getMyConfirmation } from './get-my-confirmation';
import { run as handoffToHuman } from './handoff-to-human';
import { run as joinWaitlist } from './join-waitlist';
import { run as listMyAppointments } from './list-my-appointments';
import { run as listSchedule } from './list-schedule';
import { run as listSlots } from './list-slots';
import { run as requestAppointment } from './request-appointment';
import { run as rescheduleAppointment } from './reschedule-appointment';
import { run as searchKnowledge } from './search-knowledge';

export type SkillRunner<Name extends SkillName> = (input: SkillInput<Name>, context: SkillContext) => Promise<SkillResults[Name]>;

/** Each contract name bound to the code that runs it; the type makes a missing skill a compile error. */
export const skillRunners: { [Name in SkillName]: SkillRunner<Name> } = {
  find_professionals: findProfessionals,
  list_slots: listSlots,
  get_intake_questions: getIntakeQuestions,
  check_intake_answers: checkIntakeAnswers,
  request_appointment: requestAppointment,
  list_my_appointments: listMyAppointments,
  reschedule_appointment: rescheduleAppointment,
  cancel_appointment: cancelAppointment,
  join_waitlist: joinWaitlist,
  handoff_to_human: handoffToHuman,
  search_knowledge: searchKnowledge,
  list_schedule: listSchedule,
  decide_appointments: decideAppointments,
  block_time: blockTime,
  get_my_confirmation: getMyConfirmation,
  accept_proposed_time: acceptProposedTime,
};
