import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { PublicUser } from '../api/types';
import { labels } from '../labels';
import { isStaff } from '../lib/roles';
import { useSession } from '../session';
import styles from './nav-bar.module.css';

type NavItem = { href: string; label: string };

const navItems = (user: PublicUser): NavItem[] =>
  isStaff(user)
    ? [
        { href: '/issues', label: labels.nav.issues },
        { href: '/invoices', label: labels.nav.invoices },
        { href: '/users', label: labels.nav.users },
        { href: '/settings', label: labels.nav.settings },
      ]
    : // Customers see their own issues and nothing else (their name still links to their user page).
      [{ href: '/issues', label: labels.nav.issues }];

const isCurrent = (path: string, href: string) => path === href || path.startsWith(`${href}/`);

export const NavBar = ({ user }: { user: PublicUser }) => {
  const { path } = useLocation();
  const { signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      setSigningOut(false);
    }
  };
  return (
    <header class={styles.bar}>
      <a class={styles.brand} href="/issues">
        {labels.appName}
      </a>
      <nav aria-label={labels.nav.main} class={styles.nav}>
        <ul>
          {navItems(user).map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={isCurrent(path, item.href) ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class={styles.account}>
        <span class="visually-hidden">{labels.nav.signedInAs} </span>
        <a href={`/users/${encodeURIComponent(user.id)}`} class={styles.user}>
          {user.name}
        </a>
        <button type="button" class="button-secondary" onClick={onSignOut} disabled={signingOut}>
          {labels.nav.signOut}
        </button>
      </div>
    </header>
  );
};
