import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Badge, Button, makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from '@fluentui/react-components';
import { useApi, useSession } from '../api/api-context';
import { unwrap } from '../api/admin-api';
import { buildCatalog, keyOf, type PromptKey } from './prompt-catalog';
import { PromptDetail } from './prompt-detail';

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: 'minmax(14rem, 18rem) 1fr', gap: tokens.spacingHorizontalXL, '@media (max-width: 800px)': { gridTemplateColumns: '1fr' } },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { width: '100%', justifyContent: 'space-between', textAlign: 'left' },
});

const segment = /^[a-z0-9-]{1,100}$/;
const localePattern = /^[a-z]{2}(-[A-Z]{2})?$/;

/** The selected prompt from the URL (`?prompt=&domain=&locale=`), when it is well formed. */
function selectedKey(params: URLSearchParams): PromptKey | null {
  const promptId = params.get('prompt') ?? '';
  const domain = params.get('domain') ?? 'all';
  const locale = params.get('locale') ?? 'en';
  return segment.test(promptId) && segment.test(domain) && localePattern.test(locale) ? { promptId, domain, locale } : null;
}

/**
 * Prompts (admins): every prompt with its versions; choose one to compare, write, activate, split-test or roll back,
 * to try in the playground, or to run the evals with.
 */
export function PromptsPage() {
  const styles = useStyles();
  const api = useApi();
  // The session carries the CSRF token the playground and eval runs send.
  useSession();
  const [params, setParams] = useSearchParams();
  const shipped = useQuery({ queryKey: ['prompts', 'shipped'], queryFn: () => api.shippedPrompts(), staleTime: Infinity });
  const stored = useQuery({ queryKey: ['prompts', 'versions'], queryFn: () => unwrap(api.core.GET('/api/v1/prompts/versions')) });
  const catalog = shipped.data && stored.data ? buildCatalog(shipped.data, stored.data) : [];
  const wanted = selectedKey(params);
  const current = catalog.find((entry) => wanted && keyOf(entry) === keyOf(wanted)) ?? catalog[0];

  const failed = shipped.error ?? stored.error;
  return (
    <div>
      <h1>Prompts</h1>
      {failed && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the prompts: {failed.message}</MessageBarBody>
        </MessageBar>
      )}
      {(shipped.isPending || stored.isPending) && !failed && <Spinner label="Loading prompts…" />}
      {current && (
        <div className={styles.layout}>
          <nav aria-label="Prompts">
            <ul className={styles.list}>
              {catalog.map((entry) => {
                const active = keyOf(entry) === keyOf(current);
                return (
                  <li key={keyOf(entry)}>
                    <Button
                      className={styles.item}
                      appearance={active ? 'primary' : 'subtle'}
                      aria-current={active ? 'page' : undefined}
                      onClick={() => setParams({ prompt: entry.promptId, domain: entry.domain, locale: entry.locale })}
                    >
                      <span>
                        {entry.promptId} · {entry.domain} · {entry.locale}
                      </span>
                      <Badge appearance="outline" aria-label={`${entry.versions.length} versions`}>
                        {entry.versions.length}
                      </Badge>
                    </Button>
                  </li>
                );
              })}
            </ul>
          </nav>
          <PromptDetail key={keyOf(current)} entry={current} />
        </div>
      )}
    </div>
  );
}
