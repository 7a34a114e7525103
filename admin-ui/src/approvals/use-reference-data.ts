import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import { unwrap, type Domain, type Professional, type Service } from '../api/admin-api';

/** Names of services and professionals and the domains' intake labels: they change rarely, so they are cached for minutes. */
export function useReferenceData() {
  const { core } = useApi();
  const staleTime = 5 * 60_000;
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(core.GET('/api/v1/services')), staleTime });
  const professionals = useQuery({ queryKey: ['professionals'], queryFn: () => unwrap(core.GET('/api/v1/professionals')), staleTime });
  const domains = useQuery({ queryKey: ['domains'], queryFn: () => unwrap(core.GET('/api/v1/domains')), staleTime });
  return {
    service: (id: string): Service | undefined => services.data?.find((service) => service.id === id),
    professional: (id: string): Professional | undefined => professionals.data?.find((professional) => professional.id === id),
    intakeLabel(domainId: string, key: string): string {
      const domain: Domain | undefined = domains.data?.find((candidate) => candidate.id === domainId);
      return domain?.intakeFields.find((field) => field.key === key)?.label ?? key;
    },
  };
}

export type ReferenceData = ReturnType<typeof useReferenceData>;
