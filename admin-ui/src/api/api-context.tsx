import { createContext, useContext, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AdminApi } from './admin-api';

const ApiContext = createContext<AdminApi | null>(null);

/** Passes the API down, so pages take it from context and tests hand in one over a fake fetch. */
export function ApiProvider({ api, children }: { api: AdminApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): AdminApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider> above it');
  return api;
}

export const sessionQueryKey = ['session'] as const;

/** Who is signed in (and the CSRF token the API then sends). */
export function useSession() {
  const api = useApi();
  return useQuery({ queryKey: sessionQueryKey, queryFn: () => api.session(), staleTime: 60_000 });
}
