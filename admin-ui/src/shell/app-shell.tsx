import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useApi } from '../api/api-context';
import type { SessionUser } from '../api/admin-api';

const useStyles = makeStyles({
  header: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  nav: { display: 'flex', gap: tokens.spacingHorizontalS, flexGrow: 1, flexWrap: 'wrap' },
  link: {
    color: tokens.colorNeutralForegroundOnBrand, textDecoration: 'none', padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium, minHeight: '2.75rem', display: 'inline-flex', alignItems: 'center',
    ':hover': { backgroundColor: tokens.colorBrandBackgroundHover },
    ':focus-visible': { outline: `2px solid ${tokens.colorNeutralForegroundOnBrand}`, outlineOffset: '2px' },
  },
  current: { backgroundColor: tokens.colorBrandBackgroundPressed, textDecoration: 'underline' },
  user: { color: tokens.colorNeutralForegroundOnBrand },
  main: { padding: tokens.spacingHorizontalL, maxWidth: '72rem', margin: '0 auto' },
});

// In the order people use them: daily work first, settings after, records last.
const links: Array<{ to: string; label: string; adminOnly?: boolean }> = [
  { to: '/approvals', label: 'Approvals' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/prompts', label: 'Prompts', adminOnly: true },
  { to: '/templates', label: 'Templates', adminOnly: true },
  { to: '/domains', label: 'Domains', adminOnly: true },
  { to: '/deliveries', label: 'Failed notifications', adminOnly: true },
  { to: '/audit', label: 'Audit', adminOnly: true },
];

/** The frame around every page once signed in: where to go, who you are, sign out. */
export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const styles = useStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => api.signOut(),
    onSuccess: () => {
      queryClient.clear();
      window.location.assign('/admin/');
    },
  });
  const linkClass = ({ isActive }: { isActive: boolean }) => (isActive ? `${styles.link} ${styles.current}` : styles.link);
  return (
    <>
      <header className={styles.header}>
        <span className={styles.brand}>Consulta admin</span>
        <nav aria-label="Main" className={styles.nav}>
          {links.filter((link) => !link.adminOnly || user.role === 'admin').map((link) => (
            <NavLink key={link.to} to={link.to} className={linkClass}>
              {link.label}
            </NavLink>
          ))}
        </nav>
        <Text className={styles.user}>
          {user.name} ({user.role})
        </Text>
        <Button appearance="secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          Sign out
        </Button>
      </header>
      <main className={styles.main}>{children}</main>
    </>
  );
}
