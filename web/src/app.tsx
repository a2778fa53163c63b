import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso';
import type { Session } from './api/types';
import { Loading } from './components/loading';
import { MfaChallenge } from './components/mfa-challenge';
import { MfaGraceBanner } from './components/mfa-grace-banner';
import { NavBar } from './components/nav-bar';
import { PageHeader } from './components/page-header';
import { labels } from './labels';
import { safeReturnPath, signInPath } from './lib/format';
import { NotFoundPage } from './pages/not-found-page';
import { SignInPage } from './pages/sign-in-page';
import { SessionProvider, useSession } from './session';

// Pages load on first visit; sign-in and not-found stay in the main bundle so they never wait.
const IssuesPage = lazy(() => import('./pages/issues-page').then((m) => m.IssuesPage));
const InvoicesPage = lazy(() => import('./pages/invoices-page').then((m) => m.InvoicesPage));
const IssuePage = lazy(() => import('./pages/issue-page').then((m) => m.IssuePage));
const NewIssuePage = lazy(() => import('./pages/issue-form-page').then((m) => m.NewIssuePage));
const EditIssuePage = lazy(() => import('./pages/issue-form-page').then((m) => m.EditIssuePage));
const UsersPage = lazy(() => import('./pages/users-page').then((m) => m.UsersPage));
const UserPage = lazy(() => import('./pages/user-page').then((m) => m.UserPage));
const NewUserPage = lazy(() => import('./pages/user-form-page').then((m) => m.NewUserPage));
const EditUserPage = lazy(() => import('./pages/user-form-page').then((m) => m.EditUserPage));
const SettingsPage = lazy(() => import('./pages/settings-page').then((m) => m.SettingsPage));

const LAZY_PAGES = [
  IssuesPage,
  InvoicesPage,
  IssuePage,
  NewIssuePage,
  EditIssuePage,
  UsersPage,
  UserPage,
  NewUserPage,
  EditUserPage,
  SettingsPage,
];

// Links under /api (the QBO OAuth start, for one) are real page loads, not client-side routes.
const APP_SCOPE = /^\/(?!api(?:[/?#]|$))/;

const Redirect = ({ to }: { to: string }) => {
  const { route } = useLocation();
  useEffect(() => route(to, true), [route, to]);
  return null;
};

const HomeRedirect = () => <Redirect to="/issues" />;

/** Enforced MFA with no grace left (the server decides): only Settings → Security is usable. */
const mustSetUpMfa = (session: Session): boolean => session.mfa === 'setup_required';

const Routes = () => (
  <ErrorBoundary>
    <Router onRouteChange={() => window.scrollTo(0, 0)}>
      <Route path="/" component={HomeRedirect} />
      <Route path="/issues" component={IssuesPage} />
      <Route path="/issues/new" component={NewIssuePage} />
      <Route path="/issues/:id" component={IssuePage} />
      <Route path="/issues/:id/edit" component={EditIssuePage} />
      <Route path="/invoices" component={InvoicesPage} />
      <Route path="/users" component={UsersPage} />
      <Route path="/users/new" component={NewUserPage} />
      <Route path="/users/:id" component={UserPage} />
      <Route path="/users/:id/edit" component={EditUserPage} />
      <Route path="/settings" component={SettingsPage} />
      <Route default component={NotFoundPage} />
    </Router>
  </ErrorBoundary>
);

const SignedIn = ({ session }: { session: Session }) => {
  const { path, query } = useLocation();
  const { refresh, signOut } = useSession();
  // Once signed in, fetch the other pages in the background so moving between them never waits.
  useEffect(() => {
    const timer = setTimeout(() => {
      for (const page of LAZY_PAGES) void page.preload().catch(() => undefined);
    }, 1000);
    return () => clearTimeout(timer);
  }, []);

  if (path === '/sign-in') return <Redirect to={safeReturnPath(query.next)} />;
  if (session.mfa === 'required') {
    return (
      <main id="main" class="page narrow">
        <PageHeader title={labels.mfa.requiredTitle} />
        <p>{session.user.mfaEnabled ? labels.mfa.requiredText : labels.mfa.passkeyText}</p>
        <MfaChallenge onVerified={() => void refresh()} />
        <p>
          <button type="button" class="button-secondary" onClick={() => void signOut()}>
            {labels.nav.signOut}
          </button>
        </p>
      </main>
    );
  }
  if (mustSetUpMfa(session) && path !== '/settings') return <Redirect to="/settings" />;
  return (
    <>
      <a class="skip-link" href="#main">
        {labels.common.skipToContent}
      </a>
      <NavBar user={session.user} />
      <main id="main" tabIndex={-1}>
        <MfaGraceBanner graceEndsAt={session.mfaGraceEndsAt} />
        <Routes />
      </main>
    </>
  );
};

const Shell = () => {
  const { state } = useSession();
  const { path, url } = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signed-in') return <SignedIn session={state.session} />;
  // Signing out on purpose starts afresh; otherwise come back to where the user was headed.
  if (path !== '/sign-in')
    return <Redirect to={state.reason === 'signed-out' ? '/sign-in' : signInPath(url)} />;
  return (
    <main id="main">
      <SignInPage />
    </main>
  );
};

export const App = () => (
  <LocationProvider scope={APP_SCOPE}>
    <SessionProvider>
      <Shell />
    </SessionProvider>
  </LocationProvider>
);
