import { unwrap, type CoreApiClient, type components } from '@consulta/core-api/client';
import { SkillError } from './skill-error';

export type Service = components['schemas']['def-1'];
export type Professional = components['schemas']['def-2'];

/** Every service of the organisation by id (a short, public list). */
export async function loadServices(api: CoreApiClient): Promise<Map<string, Service>> {
  const services = await unwrap(api.GET('/api/v1/services'));
  return new Map(services.map((service) => [service.id, service]));
}

/** Every professional by id, for turning ids into names. */
export async function loadProfessionals(api: CoreApiClient): Promise<Map<string, Professional>> {
  const professionals = await unwrap(api.GET('/api/v1/professionals'));
  return new Map(professionals.map((professional) => [professional.id, professional]));
}

/** One service, or a failure that tells the model where valid ids come from. */
export async function requireService(api: CoreApiClient, serviceId: string): Promise<Service> {
  const services = await loadServices(api);
  const service = services.get(serviceId);
  if (!service) {
    throw new SkillError(
      'service_not_found',
      `There is no service "${serviceId}".`,
      `Use one of these service ids: ${[...services.keys()].join(', ')}. find_professionals lists the services each professional offers.`,
    );
  }
  return service;
}

/** The intake fields of the domain a service belongs to. */
export async function intakeFieldsOf(api: CoreApiClient, service: Service) {
  const domain = await unwrap(api.GET('/api/v1/domains/{id}', { params: { path: { id: service.domainId } } }));
  return domain.intakeFields;
}

export type IntakeField = Awaited<ReturnType<typeof intakeFieldsOf>>[number];
