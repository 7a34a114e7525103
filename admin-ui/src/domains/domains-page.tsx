import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Badge, Button, makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap } from '../api/admin-api';
import { DomainEditor } from './domain-editor';
import type { Domain } from './domain-model';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  layout: { display: 'grid', gridTemplateColumns: 'minmax(12rem, 18rem) minmax(0, 1fr)', gap: tokens.spacingHorizontalXL, '@media (max-width: 800px)': { gridTemplateColumns: 'minmax(0, 1fr)' } },
  side: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { width: '100%', justifyContent: 'space-between', textAlign: 'left', minHeight: '2.75rem' },
});

/** Domains (admins): each domain's workflow and the intake form its patients fill in; pick one to edit, or add one. */
export function DomainsPage() {
  const styles = useStyles();
  const { core } = useApi();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped on every save, so the editor starts again from what the server stored.
  const [saves, setSaves] = useState(0);

  const domains = useQuery({ queryKey: ['domains'], queryFn: () => unwrap(core.GET('/api/v1/domains')) });
  const creating = params.has('new');
  const selectedId = creating ? null : (params.get('domain') ?? domains.data?.[0]?.id ?? null);
  const detail = useQuery({
    queryKey: ['domains', selectedId],
    queryFn: () => unwrap(core.GET('/api/v1/domains/{id}', { params: { path: { id: selectedId! } } })),
    enabled: selectedId !== null,
    // A refetch would reset the editor under the admin's hands; this page's own saves refresh it.
    staleTime: Infinity,
  });

  const saved = (domain: Domain, created: boolean) => {
    queryClient.setQueryData(['domains', domain.id], domain);
    void queryClient.invalidateQueries({ queryKey: ['domains'], exact: true });
    setNotice(created ? `Created the domain ${domain.name} (${domain.id}).` : `Saved ${domain.name}.`);
    setSaves((count) => count + 1);
    if (created) setParams({ domain: domain.id });
  };
  const choose = (next: Record<string, string>) => {
    setNotice(null);
    setParams(next);
  };

  return (
    <div className={styles.page}>
      <h1>Domains and intake forms</h1>
      <div role="status" aria-live="polite">
        {notice && (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      {domains.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the domains: {domains.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {domains.isPending && <Spinner label="Loading domains…" />}
      {domains.data && (
        <div className={styles.layout}>
          <div className={styles.side}>
            <nav aria-label="Domains">
              {domains.data.length === 0 && <p>No domains yet.</p>}
              <ul className={styles.list}>
                {domains.data.map((domain) => {
                  const active = domain.id === selectedId;
                  return (
                    <li key={domain.id}>
                      <Button className={styles.item} appearance={active ? 'primary' : 'subtle'} aria-current={active ? 'page' : undefined} onClick={() => choose({ domain: domain.id })}>
                        <span>{domain.name}</span>
                        <Badge appearance="outline">{domain.approval === 'required' ? 'approval' : 'automatic'}</Badge>
                      </Button>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <Button className={styles.item} appearance={creating ? 'primary' : 'secondary'} aria-pressed={creating} onClick={() => choose({ new: '' })}>
              Add domain
            </Button>
          </div>
          <div>
            {creating && <DomainEditor key="new" onSaved={saved} />}
            {selectedId !== null && detail.isPending && <Spinner label="Loading the domain…" />}
            {detail.isError && (
              <MessageBar intent="error">
                <MessageBarBody>Could not load the domain {selectedId}: {detail.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {!creating && detail.data && <DomainEditor key={`${detail.data.id}-${saves}`} domain={detail.data} onSaved={saved} />}
          </div>
        </div>
      )}
    </div>
  );
}
