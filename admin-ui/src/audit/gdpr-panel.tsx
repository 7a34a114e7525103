import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import {
  Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import { when } from './audit-model';
import { EraseDialog } from './erase-dialog';
import { eraseUser, exportSummary, exportUser, type PersonalDataExport } from './gdpr-requests';
import { saveFile } from './save-file';

const useStyles = makeStyles({
  panel: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL, minWidth: 0,
    border: `1px solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  touch: { '@media (pointer: coarse)': { minHeight: '2.75rem' } },
  scroll: { overflowX: 'auto' },
});

const fileName = (data: PersonalDataExport) => `personal-data-${data.userId}.json`;
const download = (data: PersonalDataExport) => saveFile(fileName(data), JSON.stringify(data, null, 2), 'application/json');

/** GDPR for one user: export everything Consulta holds about them (as a JSON file), or erase it after typing their id again. */
export function GdprPanel() {
  const styles = useStyles();
  const { core } = useApi();
  const [userId, setUserId] = useState('');
  const [erasing, setErasing] = useState<string | null>(null);
  const id = userId.trim();

  const exported = useMutation({
    mutationFn: (target: string) => exportUser(core, target),
    onSuccess: download,
  });
  const erased = useMutation({ mutationFn: (target: string) => eraseUser(core, target) });
  const parts = exported.data ? exportSummary(exported.data) : [];

  return (
    <section className={styles.panel} aria-labelledby="gdpr-title">
      <h2 id="gdpr-title" style={{ margin: 0 }}>
        Personal data of one user (GDPR)
      </h2>
      <div className={styles.row}>
        <Field label="User id" hint="e.g. patient-ana">
          <Input value={userId} onChange={(_event, data) => setUserId(data.value)} maxLength={100} spellCheck={false} autoComplete="off" />
        </Field>
        <Button className={styles.touch} disabled={id === '' || exported.isPending} onClick={() => exported.mutate(id)}>
          {exported.isPending ? 'Exporting…' : 'Export data'}
        </Button>
        <Button className={styles.touch} disabled={id === '' || erased.isPending} onClick={() => setErasing(id)}>
          Erase user…
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {erased.isSuccess && (
          <MessageBar intent="success">
            <MessageBarBody>
              Erased {erased.data.userId} on {when(erased.data.erasedAt)}.
            </MessageBarBody>
          </MessageBar>
        )}
        {exported.isSuccess && (
          <MessageBar intent="success">
            <MessageBarBody>
              Exported {exported.data.userId} ({when(exported.data.exportedAt)}) as {fileName(exported.data)}.
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {exported.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not export {exported.variables}: {exported.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {erased.isError && (
        <MessageBar intent="error">
          <MessageBarBody>Could not erase {erased.variables}: {erased.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {exported.data && (
        <>
          <div className={styles.scroll}>
            <Table aria-label={`Data held about ${exported.data.userId}, by module`} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Module</TableHeaderCell>
                  <TableHeaderCell>Part</TableHeaderCell>
                  <TableHeaderCell>Records</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {parts.map((part) => (
                  <TableRow key={`${part.module}/${part.part}`}>
                    <TableCell>{part.module}</TableCell>
                    <TableCell>{part.part}</TableCell>
                    <TableCell>{part.records}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <div className={styles.row}>
            <Button className={styles.touch} onClick={() => download(exported.data)}>
              Download {fileName(exported.data)} again
            </Button>
            {parts.length === 0 && <Text>No module holds data about this user.</Text>}
          </div>
        </>
      )}
      <EraseDialog
        open={erasing !== null}
        userId={erasing ?? ''}
        busy={erased.isPending}
        onCancel={() => setErasing(null)}
        onErase={() => {
          erased.mutate(erasing!);
          setErasing(null);
        }}
      />
    </section>
  );
}
