/**
 * The skills' contract as the local model reads it. The model and the skills
 * meet only in skills/src/contract.ts; the bot package does not depend on
 * @consulta/skills yet, so the types come in by path and are erased at run
 * time. Switch this one line to '@consulta/skills' once that package exports them.
 */
export type {
  AppointmentResult,
  ProposalResult,
  ScheduleEntry,
  SkillFailure,
  SkillName,
  SkillResults,
  SlotResult,
} from '../../../skills/src/contract';
