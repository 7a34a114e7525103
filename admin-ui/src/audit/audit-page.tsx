import { useState } from 'react';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap } from '../api/admin-api';
import { AuditFiltersForm } from './audit-filters';
import { asPage, filtersOf, paramsOf, queryOf } from './audit-model';
import { AuditTable } from './audit-table';
import { GdprPanel } from './gdpr-panel';
import { saveFile } from './save-file';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem' } },
});

/** How many entries one page asks for; older ones come with "Show older entries". */
export const auditPageSize = 50;

/** The audit log (admins): who did what to whose data, filtered, paged and downloaded as CSV; and GDPR export and erasure of one user. */
export function AuditPage() {
  const styles = useStyles();
  const { core } = useApi();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const query = queryOf(filters);
  const [notice, setNotice] = useState<string | null>(null);

  const log = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: async ({ pageParam }) =>
      asPage(await unwrap(core.GET('/api/v1/audit', { params: { query: { ...query, limit: auditPageSize, ...(pageParam ? { cursor: pageParam } : {}) } } }))),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const csv = useMutation({
    // The same filters, as core-api's CSV (its own row limit, not the page size).
    mutationFn: async () => {
      const text = await unwrap(core.GET('/api/v1/audit', { params: { query: { ...query, format: 'csv' } }, headers: { accept: 'text/csv' }, parseAs: 'text' }));
      saveFile('audit-log.csv', text, 'text/csv;charset=utf-8');
    },
    onSuccess: () => setNotice('The audit log, as filtered, is downloaded as audit-log.csv (at most 10,000 entries; narrow the dates for more).'),
  });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className={styles.page}>
      <h1>Audit log and personal data</h1>
      <section className={styles.section} aria-labelledby="audit-log-title">
        <h2 id="audit-log-title" style={{ margin: 0 }}>
          Audit log
        </h2>
        <AuditFiltersForm
          key={params.toString()}
          applied={filters}
          onApply={(next) => {
            setNotice(null);
            setParams(paramsOf(next));
          }}
        />
        <div className={styles.row}>
          <Button className={styles.touch} disabled={csv.isPending} onClick={() => csv.mutate()}>
            {csv.isPending ? 'Preparing CSV…' : 'Download CSV'}
          </Button>
          {log.data && <Text>{entries.length === 1 ? '1 entry shown' : `${entries.length} entries shown`}{log.hasNextPage ? '; older ones follow' : ''}.</Text>}
        </div>
        <div role="status" aria-live="polite">
          {notice && (
            <MessageBar intent="success">
              <MessageBarBody>{notice}</MessageBarBody>
            </MessageBar>
          )}
        </div>
        {csv.isError && (
          <MessageBar intent="error">
            <MessageBarBody>Could not download the CSV: {csv.error.message}</MessageBarBody>
          </MessageBar>
        )}
        {log.isError && (
          <MessageBar intent="error">
            <MessageBarBody>Could not load the audit log: {log.error.message}</MessageBarBody>
          </MessageBar>
        )}
        {log.isPending && <Spinner label="Loading the audit log…" />}
        {log.data && entries.length === 0 && <p>No entries match these filters.</p>}
        {entries.length > 0 && <AuditTable entries={entries} />}
        {log.hasNextPage && (
          <div className={styles.row}>
            <Button className={styles.touch} disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              {log.isFetchingNextPage ? 'Loading older entries…' : 'Show older entries'}
            </Button>
          </div>
        )}
      </section>
      <GdprPanel />
    </div>
  );
}
