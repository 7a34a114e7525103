import './jsdom-gaps';
import type { ReactElement } from 'react';
import { configure, render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { ApiProvider } from '../api/api-context';
import { createAdminApi } from '../api/admin-api';

// Fluent's dialogs and a busy two-core machine take longer than the default second to settle.
configure({ asyncUtilTimeout: 5000 });

/** Renders a page as the app does (Fluent, TanStack Query, router, API), over a fake server's fetch. */
export function renderPage(page: ReactElement, options: { fetch: typeof fetch; path?: string }) {
  const api = createAdminApi({ origin: 'http://localhost:3000', fetch: options.fetch });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <FluentProvider theme={webLightTheme}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter initialEntries={[options.path ?? '/']}>{page}</MemoryRouter>
        </QueryClientProvider>
      </ApiProvider>
    </FluentProvider>,
  );
  return { ...view, api, queryClient };
}
