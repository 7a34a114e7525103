import { intakeJsonSchema, type CreateDomainBody, type Domain, type IntakeField, type UpdateDomainBody } from './domain-model';

interface Call {
  method: string;
  path: string;
  body: unknown;
  csrf: string | null;
}

type Failure = { status: number; code: string; message: string; details?: unknown };

/** A stored domain as core-api answers it, with the JSON Schema it derives from the fields. */
export function domain(overrides: Partial<Omit<Domain, 'intakeSchema'>> & Pick<Domain, 'id' | 'name'>): Domain {
  const base = { approval: 'required' as const, intakeFields: [], customFields: {}, requestExpiryHours: 48, ...overrides };
  return { ...base, intakeSchema: intakeJsonSchema(base.intakeFields) };
}

/** The demo seed's two domains (core-api/src/seed/demo.yaml). */
export const seedDomains = (): Domain[] => [
  domain({
    id: 'medical', name: 'Medical',
    intakeFields: [
      { key: 'reason', label: 'Reason for the visit', type: 'text', required: true },
      { key: 'date_of_birth', label: 'Date of birth', type: 'date', required: true },
      { key: 'insurance_number', label: 'Insurance number', type: 'string', required: false, pattern: '^[A-Z0-9-]{6,20}$' },
    ],
  }),
  domain({
    id: 'legal', name: 'Legal',
    intakeFields: [
      { key: 'case_type', label: 'Type of case', type: 'enum', options: ['divorce', 'custody', 'inheritance', 'other'], required: true },
      { key: 'summary', label: 'Short summary', type: 'text', required: true },
    ],
  }),
];

/** core-api's schema validation (directory-schemas.ts), answered as its error handler does: `invalid_request` naming `body/…`. */
function schemaProblems(body: Partial<CreateDomainBody>, creating: boolean) {
  const problems: Array<{ field: string; message: string }> = [];
  if (creating && !/^[a-z0-9][a-z0-9-]*$/.test(body.id ?? '')) problems.push({ field: 'body/id', message: 'must match pattern "^[a-z0-9][a-z0-9-]*$"' });
  (body.intakeFields ?? []).forEach((field, index) => {
    if (!/^[a-z][a-z0-9_]*$/.test(field.key)) problems.push({ field: `body/intakeFields/${index}/key`, message: 'must match pattern "^[a-z][a-z0-9_]*$"' });
    if (!field.label) problems.push({ field: `body/intakeFields/${index}/label`, message: 'must NOT have fewer than 1 characters' });
  });
  return problems;
}

/** checkIntakeFields in directory-service.ts. */
function intakeProblems(fields: IntakeField[]) {
  const problems: Array<{ field: string; message: string }> = [];
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    if (seen.has(field.key)) problems.push({ field: `intakeFields[${index}].key`, message: `"${field.key}" appears twice.` });
    seen.add(field.key);
    if (field.type === 'enum' && !field.options?.length) problems.push({ field: `intakeFields[${index}].options`, message: 'An enum field needs options.' });
  });
  return problems;
}

/** core-api's domain routes behind the bot's /admin/api, in memory: records every call and keeps the domains it stores. */
export function fakeDomainsServer(initial: { domains?: Domain[]; failures?: Record<string, Failure> } = {}) {
  const domains = new Map((initial.domains ?? seedDomains()).map((item) => [item.id, item]));
  const calls: Call[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const fetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const body = text ? JSON.parse(text) : undefined;
    const path = url.pathname.replace(/^\/admin\/api\/v1/, '');
    calls.push({ method: request.method, path, body, csrf: request.headers.get('x-csrf-token') });
    const route = `${request.method} ${path}`;
    const failure = initial.failures?.[route];
    if (failure) return json({ code: failure.code, message: failure.message, ...(failure.details ? { details: failure.details } : {}) }, failure.status);

    if (route === 'GET /domains') return json([...domains.values()]);
    if (route === 'POST /domains') {
      const created = body as CreateDomainBody;
      const invalid = schemaProblems(created, true);
      if (invalid.length) return json({ code: 'invalid_request', message: 'The request is not valid: body/id must match pattern', details: invalid }, 400);
      const problems = intakeProblems(created.intakeFields);
      if (problems.length) return json({ code: 'invalid_intake_fields', message: 'The intake fields are not valid.', details: problems }, 400);
      if (domains.has(created.id)) return json({ code: 'domain_exists', message: `A domain with id "${created.id}" exists already.` }, 409);
      const stored = domain({ ...created, customFields: created.customFields ?? {}, requestExpiryHours: created.requestExpiryHours ?? 48 });
      domains.set(stored.id, stored);
      return json(stored, 201);
    }
    const single = /^\/domains\/([^/]+)$/.exec(path);
    if (single) {
      const current = domains.get(single[1]!);
      if (!current) return json({ code: 'domain_not_found', message: `No domain with id "${single[1]}".` }, 404);
      if (request.method === 'GET') return json(current);
      if (request.method === 'PATCH') {
        const patch = body as UpdateDomainBody;
        const invalid = schemaProblems(patch, false);
        if (invalid.length) return json({ code: 'invalid_request', message: 'The request is not valid.', details: invalid }, 400);
        const next = domain({ ...current, ...patch });
        const problems = intakeProblems(next.intakeFields);
        if (problems.length) return json({ code: 'invalid_intake_fields', message: 'The intake fields are not valid.', details: problems }, 400);
        domains.set(next.id, next);
        return json(next);
      }
    }
    return json({ code: 'route_not_found', message: `No route ${route}` }, 404);
  }) as typeof globalThis.fetch;

  return { fetch, calls, domains };
}
