export { createSkills, runSkill } from './create-skills';
export * from './contract';
export type { SkillContext } from './skill-context';
export { partOfDayRanges } from './opening-hours';
