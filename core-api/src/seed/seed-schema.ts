import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a kebab-case id');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:mm');
const date = z.union([z.iso.date(), z.date().transform((value) => value.toISOString().slice(0, 10))]);
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone');

export const intakeFieldSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
  label: z.string().min(1),
  type: z.enum(['text', 'string', 'date', 'enum']),
  required: z.boolean().default(false),
  options: z.array(z.string().min(1)).optional(),
  pattern: z.string().optional(),
});
export type IntakeField = z.infer<typeof intakeFieldSchema>;

export const seedSchema = z.object({
  organization: z.object({
    id,
    name: z.string().min(1),
    default_locale: z.string().min(2),
    locales: z.array(z.string().min(2)).min(1),
  }),
  domains: z.array(
    z.object({
      id,
      name: z.string().min(1),
      approval: z.enum(['required', 'automatic']),
      intake_fields: z.array(intakeFieldSchema).default([]),
    }),
  ),
  services: z.array(
    z.object({ id, domain: id, specialty: z.string().min(1), name: z.string().min(1), minutes: z.number().int().positive() }),
  ),
  professionals: z.array(
    z.object({
      id,
      name: z.string().min(1),
      domain: id,
      specialty: z.string().min(1),
      services: z.array(id).min(1),
      timezone: timeZone,
      languages: z.array(z.string()).default([]),
      teams_user: z.email().optional(),
      buffer_minutes: z.number().int().min(0).default(0),
      min_notice_hours: z.number().int().min(0).default(0),
      cancellation_cutoff_hours: z.number().int().min(0).default(24),
      booking_horizon_days: z.number().int().positive().default(90),
      weekly: z.array(z.object({ days: z.array(z.number().int().min(1).max(7)).min(1), from: time, to: time })),
      exceptions: z
        .array(
          z.object({
            date,
            closed: z.boolean().default(false),
            from: time.optional(),
            to: time.optional(),
            reason: z.string().optional(),
          }),
        )
        .default([]),
    }),
  ),
  patients: z.array(
    z.object({
      id,
      name: z.string().min(1),
      timezone: timeZone,
      locale: z.string().min(2),
      phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number').optional(),
      whatsapp: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number').optional(),
      email: z.email().optional(),
      date_of_birth: date.optional(),
    }),
  ),
  admins: z.array(z.object({ id, name: z.string().min(1), email: z.email().optional() })).default([]),
  appointments: z
    .array(
      z.object({
        id,
        professional: id,
        patient: id,
        service: id,
        start: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a local YYYY-MM-DDTHH:mm'),
        status: z.enum(['requested', 'approved', 'declined', 'cancelled', 'completed', 'no_show']),
        message: z.string().optional(),
        intake: z.record(z.string(), z.string()).default({}),
      }),
    )
    .default([]),
  // Knowledge documents: inline here, or markdown files in a `knowledge/` folder beside the seed file.
  knowledge: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be lower-case letters, digits and dashes'),
        locale: z.string().min(2),
        title: z.string().min(1),
        format: z.enum(['markdown', 'text']).default('markdown'),
        domain: id.optional(),
        professional: id.optional(),
        body: z.string().min(1),
      }),
    )
    .default([]),
});

export type Seed = z.infer<typeof seedSchema>;
