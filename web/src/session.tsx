import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import {
  signOut as endSession,
  getSession,
  setMfaGateHandler,
  setUnauthenticatedHandler,
} from './api/client';
import type { PublicUser, Session } from './api/types';

type SessionState =
  | { status: 'loading' }
  /** `expired`: a request got a 401; `signed-out`: the user chose to; `anonymous`: never signed in. */
  | { status: 'signed-out'; reason: 'anonymous' | 'expired' | 'signed-out' }
  | { status: 'signed-in'; session: Session };

type SessionContextValue = {
  state: SessionState;
  setSession: (session: Session) => void;
  updateUser: (user: PublicUser) => void;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
};

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export const SessionProvider = ({ children }: { children: ComponentChildren }) => {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const session = await getSession();
      setState(session ? { status: 'signed-in', session } : { status: 'signed-out', reason: 'anonymous' });
    } catch {
      // Cannot tell who we are (server down): the sign-in page is the one place that can say so.
      setState({ status: 'signed-out', reason: 'anonymous' });
    }
  }, []);

  useEffect(() => {
    void refresh();
    // Any 401 from the API means the session is gone; the shell then sends the user to sign in.
    setUnauthenticatedHandler(() => setState({ status: 'signed-out', reason: 'expired' }));
    // A 403 from the MFA gate: the session now needs setup or a code, and the shell shows which.
    setMfaGateHandler(() => void refresh());
    return () => {
      setUnauthenticatedHandler(undefined);
      setMfaGateHandler(undefined);
    };
  }, [refresh]);

  const setSession = useCallback((session: Session) => setState({ status: 'signed-in', session }), []);

  const updateUser = useCallback(
    (user: PublicUser) =>
      setState((current) =>
        current.status === 'signed-in' && current.session.user.id === user.id
          ? { status: 'signed-in', session: { ...current.session, user } }
          : current,
      ),
    [],
  );

  const signOut = useCallback(async () => {
    try {
      await endSession();
    } finally {
      setState({ status: 'signed-out', reason: 'signed-out' });
    }
  }, []);

  const value = useMemo(
    () => ({ state, setSession, updateUser, signOut, refresh }),
    [state, setSession, updateUser, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
};

export const useSession = (): SessionContextValue => {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
};

/** The signed-in user; only for components rendered behind the sign-in gate. */
export const useCurrentUser = (): PublicUser => {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useCurrentUser needs a signed-in session');
  return state.session.user;
};
