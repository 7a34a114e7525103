import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { useApi, sessionQueryKey } from '../api/api-context';
import type { SessionState } from '../api/admin-api';

const useStyles = makeStyles({
  page: { maxWidth: '32rem', margin: '10vh auto', padding: tokens.spacingHorizontalL },
  card: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, border: 'none', margin: 0, padding: 0 },
  legend: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalS },
});

/** Sign-in: "Sign in with Microsoft", and in AUTH_MODE=dev a picker of the seed professionals and admins. */
export function SignInPage({ session }: { session: SessionState }) {
  const styles = useStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const signIn = useMutation({
    mutationFn: (userId: string) => api.signInDev(userId),
    onSuccess: async () => {
      // Everything cached so far belonged to nobody; start clean as the new user.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      await queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });
  const { devUsers, entra } = session.signIn;
  const groups = devUsers
    ? (['professional', 'admin'] as const).map((role) => ({ role, users: devUsers.filter((user) => user.role === role) }))
    : [];
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <h1 style={{ margin: 0 }}>Consulta admin</h1>
        <Text>For professionals and admins. Patients book in the chat.</Text>
        {signIn.isError && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{signIn.error.message}</MessageBarBody>
          </MessageBar>
        )}
        {entra && (
          <Button as="a" href="/admin/signin" appearance="primary" size="large">
            Sign in with Microsoft
          </Button>
        )}
        {devUsers && (
          <>
            <Text>Development mode: sign in as a seed user.</Text>
            {groups.map(({ role, users }) => (
              <fieldset key={role} className={styles.group}>
                <legend className={styles.legend}>{role === 'admin' ? 'Admins' : 'Professionals'}</legend>
                {users.map((user) => (
                  <Button key={user.id} disabled={signIn.isPending} onClick={() => signIn.mutate(user.id)}>
                    Sign in as {user.name}
                  </Button>
                ))}
              </fieldset>
            ))}
          </>
        )}
        {!entra && !devUsers && <Text>No sign-in is configured: set the ADMIN_ENTRA_* variables.</Text>}
      </Card>
    </main>
  );
}
