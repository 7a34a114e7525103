import type { GeneratedService } from '../generate-professionals';

/*
 * The fixed inputs every scheduling suite shares: the frozen clock, the organisation the generated
 * rows belong to, and the services each suite books or lists.
 */

// The test clock; every range in the suites is in the weeks after it.
export const now = new Date('2026-12-01T09:00:00Z');
export const place = { organizationId: 'org-demo', domainId: 'medical' };
// The medical domain of the demo seed asks for these two answers.
export const intake = { reason: 'Benchmark visit', date_of_birth: '1980-01-01' };
export const clients = 32;
export const raceRequests = 200;

export const soloService: GeneratedService = {
  id: 'bench-solo-visit',
  specialty: 'bench solo',
  name: 'Bench visit',
  minutes: 30,
};
export const cardiologyServices: GeneratedService[] = [
  { id: 'bench-cardio-consult', specialty: 'cardiology', name: 'Cardiology consultation', minutes: 30 },
  { id: 'bench-cardio-short', specialty: 'cardiology', name: 'Cardiology check', minutes: 20 },
];
export const bookingService: GeneratedService = {
  id: 'bench-book-visit',
  specialty: 'bench booking',
  name: 'Bench booking',
  minutes: 30,
};

export const allServices = [soloService, ...cardiologyServices, bookingService];

/** Patients the booking suites act as: one per client, and one per request of the race. */
export const benchPatients = Array.from(
  { length: raceRequests },
  (_, index) => `bench-patient-${String(index).padStart(3, '0')}`,
);

export const progress = (step: string) => process.stderr.write(`  · ${step}\n`);
