import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { seedSchema, type Seed } from './seed-schema';
import { readKnowledgeFolder } from './read-knowledge-folder';
import { SeedError } from './seed-error';

export const demoSeedPath = fileURLToPath(new URL('./demo.yaml', import.meta.url));

export { SeedError };

/**
 * Parses and checks a seed file, including the references between its parts.
 * Errors name the file and the field: `demo.yaml: professionals[1].timezone: must be an IANA time zone`.
 */
export function parseSeed(text: string, fileName = 'seed', knowledgeFiles: unknown[] = []): Seed {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new SeedError(`${fileName}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (knowledgeFiles.length > 0 && raw !== null && typeof raw === 'object') {
    const inline = (raw as { knowledge?: unknown }).knowledge;
    raw = { ...raw, knowledge: [...(Array.isArray(inline) ? inline : []), ...knowledgeFiles] };
  }
  const parsed = seedSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SeedError(`${fileName}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  checkReferences(parsed.data, fileName);
  return parsed.data;
}

/** Reads a seed file and the knowledge documents in the `knowledge/` folder beside it, if there is one. */
export function readSeedFile(file = demoSeedPath): Seed {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SeedError(`Cannot read the seed file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseSeed(text, file.split('/').pop(), readKnowledgeFolder(path.join(path.dirname(file), 'knowledge')));
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
    '',
  ) || '(root)';
}

function checkReferences(seed: Seed, fileName: string) {
  const fail = (path: string, message: string) => {
    throw new SeedError(`${fileName}: ${path}: ${message}`);
  };
  const domains = new Set(seed.domains.map((domain) => domain.id));
  const services = new Map(seed.services.map((service) => [service.id, service]));
  const professionals = new Set(seed.professionals.map((professional) => professional.id));
  const patients = new Set(seed.patients.map((patient) => patient.id));
  const ids = [...domains, ...services.keys(), ...professionals, ...patients, ...seed.admins.map((admin) => admin.id)];
  const duplicate = ids.find((value, index) => ids.indexOf(value) !== index);
  if (duplicate) fail('(root)', `the id "${duplicate}" is used twice`);

  seed.services.forEach((service, index) => {
    if (!domains.has(service.domain)) fail(`services[${index}].domain`, `unknown domain "${service.domain}"`);
  });
  seed.professionals.forEach((professional, index) => {
    if (!domains.has(professional.domain)) fail(`professionals[${index}].domain`, `unknown domain "${professional.domain}"`);
    professional.services.forEach((service, serviceIndex) => {
      if (!services.has(service)) fail(`professionals[${index}].services[${serviceIndex}]`, `unknown service "${service}"`);
    });
    professional.weekly.forEach((rule, ruleIndex) => {
      if (rule.to <= rule.from) fail(`professionals[${index}].weekly[${ruleIndex}]`, '"to" must be after "from"');
    });
    professional.exceptions.forEach((exception, exceptionIndex) => {
      const open = !exception.closed;
      if (open && (!exception.from || !exception.to || exception.to <= exception.from)) {
        fail(`professionals[${index}].exceptions[${exceptionIndex}]`, 'an open exception needs "from" before "to"');
      }
    });
  });
  seed.appointments.forEach((appointment, index) => {
    if (!professionals.has(appointment.professional))
      fail(`appointments[${index}].professional`, `unknown professional "${appointment.professional}"`);
    if (!patients.has(appointment.patient)) fail(`appointments[${index}].patient`, `unknown patient "${appointment.patient}"`);
    if (!services.has(appointment.service)) fail(`appointments[${index}].service`, `unknown service "${appointment.service}"`);
  });
  const knowledgeIds = new Set<string>();
  seed.knowledge.forEach((document, index) => {
    if (knowledgeIds.has(document.id)) fail(`knowledge[${index}].id`, `the id "${document.id}" is used twice`);
    knowledgeIds.add(document.id);
    if (document.domain && !domains.has(document.domain)) fail(`knowledge[${index}].domain`, `unknown domain "${document.domain}"`);
    if (document.professional && !professionals.has(document.professional)) {
      fail(`knowledge[${index}].professional`, `unknown professional "${document.professional}"`);
    }
  });
}
