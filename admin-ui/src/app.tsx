import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { FluentProvider, MessageBar, MessageBarBody, Spinner, webLightTheme } from '@fluentui/react-components';
import { ApiProvider, sessionQueryKey, useSession } from './api/api-context';
import { CoreApiError, AdminApiError, type AdminApi } from './api/admin-api';
import { AnalyticsPage } from './analytics/analytics-page';
import { ApprovalsPage } from './approvals/approvals-page';
import { AuditPage } from './audit/audit-page';
import { CalendarPage } from './calendar/calendar-page';
import { DeliveriesPage } from './deliveries/deliveries-page';
import { DomainsPage } from './domains/domains-page';
import { PromptsPage } from './prompts/prompts-page';
import { AppShell } from './shell/app-shell';
import { SignInPage } from './shell/sign-in-page';
import { TemplatesPage } from './templates/templates-page';

/** One query client for the app; a 401 anywhere (the session ended) sends the user back to sign-in. */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: { queries: { retry: (count, error) => !isUnauthenticated(error) && count < 2 } },
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthenticated(error)) void client.invalidateQueries({ queryKey: sessionQueryKey });
      },
    }),
  });
  return client;
}

function isUnauthenticated(error: unknown): boolean {
  return (error instanceof CoreApiError && error.status === 401) || (error instanceof AdminApiError && error.status === 401);
}

function Pages() {
  const session = useSession();
  if (session.isPending) return <Spinner label="Loading…" style={{ marginTop: '20vh' }} />;
  if (session.isError) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>The admin cannot reach the server: {session.error.message}</MessageBarBody>
      </MessageBar>
    );
  }
  const { user } = session.data;
  if (!user) return <SignInPage session={session.data} />;
  return (
    <AppShell user={user}>
      <Routes>
        <Route path="/approvals" element={<ApprovalsPage role={user.role} />} />
        <Route path="/calendar" element={<CalendarPage user={user} />} />
        <Route path="/prompts" element={user.role === 'admin' ? <PromptsPage /> : <p>Only admins manage prompts.</p>} />
        <Route path="/analytics" element={<AnalyticsPage role={user.role} />} />
        <Route path="/templates" element={user.role === 'admin' ? <TemplatesPage /> : <p>Only admins manage notification templates.</p>} />
        <Route path="/domains" element={user.role === 'admin' ? <DomainsPage /> : <p>Only admins manage domains.</p>} />
        <Route path="/audit" element={user.role === 'admin' ? <AuditPage /> : <p>Only admins read the audit log.</p>} />
        <Route path="/deliveries" element={user.role === 'admin' ? <DeliveriesPage /> : <p>Only admins retry failed notifications.</p>} />
        <Route path="*" element={<Navigate to="/approvals" replace />} />
      </Routes>
    </AppShell>
  );
}

/** The admin app, served by the bot at /admin. */
export function App({ api, queryClient }: { api: AdminApi; queryClient: QueryClient }) {
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/admin">
            <Pages />
          </BrowserRouter>
        </QueryClientProvider>
      </ApiProvider>
    </FluentProvider>
  );
}
