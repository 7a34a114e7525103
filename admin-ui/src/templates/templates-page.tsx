import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Badge, Button, Field, makeStyles, MessageBar, MessageBarBody, Select, Spinner, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { unwrap, type TemplateKey } from '../api/admin-api';
import { TemplateDetail } from './template-detail';

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: 'minmax(14rem, 20rem) 1fr', gap: tokens.spacingHorizontalXL, '@media (max-width: 800px)': { gridTemplateColumns: '1fr' } },
  side: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { width: '100%', justifyContent: 'space-between', textAlign: 'left' },
  pick: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

// core-api's enums (notifications-schemas.ts); the typed client checks these against its path parameters.
export const templateEvents: ReadonlyArray<TemplateKey['event']> = [
  'appointment.requested', 'appointment.approved', 'appointment.declined', 'appointment.cancelled', 'appointment.rescheduled',
  'appointment.expired', 'appointment.proposed', 'waitlist.offered', 'reminder',
];
export const templateChannels: ReadonlyArray<TemplateKey['channel']> = ['email', 'sms', 'whatsapp', 'webchat', 'teams', 'push'];
export const templateLocales: ReadonlyArray<TemplateKey['locale']> = ['en', 'es', 'fr'];

export const templateKeyOf = (key: { event: string; channel: string; locale: string }) => `${key.event}/${key.channel}/${key.locale}`;

/** The template chosen in the URL (`?event=&channel=&locale=`), when every part is one core-api knows. */
function selectedKey(params: URLSearchParams): TemplateKey | null {
  const event = templateEvents.find((candidate) => candidate === params.get('event'));
  const channel = templateChannels.find((candidate) => candidate === params.get('channel'));
  const locale = templateLocales.find((candidate) => candidate === params.get('locale'));
  return event && channel && locale ? { event, channel, locale } : null;
}

/** Notification templates (admins): the stored versions by event, channel and locale; choose one to edit, preview, activate or roll back. */
export function TemplatesPage() {
  const styles = useStyles();
  const { core } = useApi();
  const [params, setParams] = useSearchParams();
  const versions = useQuery({ queryKey: ['templates', 'versions'], queryFn: () => unwrap(core.GET('/api/v1/notifications/templates/versions')) });

  // Every key with stored versions, in the order of the enums.
  const keys = new Map<string, { key: TemplateKey; count: number }>();
  for (const version of versions.data ?? []) {
    const key = selectedKey(new URLSearchParams({ event: version.event, channel: version.channel, locale: version.locale }));
    if (!key) continue;
    const entry = keys.get(templateKeyOf(key)) ?? { key, count: 0 };
    entry.count += 1;
    keys.set(templateKeyOf(key), entry);
  }
  const rank = (key: TemplateKey) => [templateEvents.indexOf(key.event), templateChannels.indexOf(key.channel), templateLocales.indexOf(key.locale)];
  const stored = [...keys.values()].sort((a, b) => {
    const [x, y] = [rank(a.key), rank(b.key)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  const current: TemplateKey = selectedKey(params) ?? stored[0]?.key ?? { event: 'appointment.requested', channel: 'email', locale: 'en' };
  const choose = (key: TemplateKey) => setParams({ event: key.event, channel: key.channel, locale: key.locale });

  return (
    <div>
      <h1>Notification templates</h1>
      {versions.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not load the templates: {versions.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {versions.isPending && <Spinner label="Loading templates…" />}
      {versions.data && (
        <div className={styles.layout}>
          <div className={styles.side}>
            <div className={styles.pick} role="group" aria-label="Open a template">
              <Field label="Event">
                <Select value={current.event} onChange={(_event, data) => choose({ ...current, event: data.value as TemplateKey['event'] })}>
                  {templateEvents.map((event) => <option key={event}>{event}</option>)}
                </Select>
              </Field>
              <Field label="Channel">
                <Select value={current.channel} onChange={(_event, data) => choose({ ...current, channel: data.value as TemplateKey['channel'] })}>
                  {templateChannels.map((channel) => <option key={channel}>{channel}</option>)}
                </Select>
              </Field>
              <Field label="Locale">
                <Select value={current.locale} onChange={(_event, data) => choose({ ...current, locale: data.value as TemplateKey['locale'] })}>
                  {templateLocales.map((locale) => <option key={locale}>{locale}</option>)}
                </Select>
              </Field>
            </div>
            <nav aria-label="Templates with stored versions">
              {stored.length === 0 && <p>No stored versions yet: every template is the built-in one.</p>}
              <ul className={styles.list}>
                {stored.map(({ key, count }) => {
                  const active = templateKeyOf(key) === templateKeyOf(current);
                  return (
                    <li key={templateKeyOf(key)}>
                      <Button className={styles.item} appearance={active ? 'primary' : 'subtle'} aria-current={active ? 'page' : undefined} onClick={() => choose(key)}>
                        <span>
                          {key.event} · {key.channel} · {key.locale}
                        </span>
                        <Badge appearance="outline" aria-label={`${count} ${count === 1 ? 'version' : 'versions'}`}>
                          {count}
                        </Badge>
                      </Button>
                    </li>
                  );
                })}
              </ul>
            </nav>
          </div>
          <TemplateDetail
            key={templateKeyOf(current)}
            templateKey={current}
            versions={versions.data.filter((version) => templateKeyOf(version) === templateKeyOf(current)).sort((a, b) => a.version - b.version)}
          />
        </div>
      )}
    </div>
  );
}
