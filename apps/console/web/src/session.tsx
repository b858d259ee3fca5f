import type { User } from 'oidc-client-ts';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { setAccessToken } from './api';
import { identityOf, userManager, type Identity } from './auth';

interface Session {
  identity: Identity | null;
  ready: boolean;
  signIn: () => Promise<void>;
  signOut: () => Promise<void>;
  completeSignIn: () => Promise<string>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);

  const adopt = useCallback((next: User | null) => {
    const live = next && !next.expired ? next : null;
    setAccessToken(live?.access_token ?? null);
    setUser(live);
  }, []);

  useEffect(() => {
    let stop = (): void => undefined;
    void userManager()
      .then(async (manager) => {
        const loaded = await manager.getUser();
        adopt(loaded);
        const onLoaded = (u: User): void => adopt(u);
        const onUnloaded = (): void => adopt(null);
        manager.events.addUserLoaded(onLoaded);
        manager.events.addUserUnloaded(onUnloaded);
        manager.events.addAccessTokenExpired(onUnloaded);
        stop = () => {
          manager.events.removeUserLoaded(onLoaded);
          manager.events.removeUserUnloaded(onUnloaded);
          manager.events.removeAccessTokenExpired(onUnloaded);
        };
      })
      .catch(() => adopt(null))
      .finally(() => setReady(true));
    return () => stop();
  }, [adopt]);

  const value = useMemo<Session>(
    () => ({
      identity: user ? identityOf(user) : null,
      ready,
      signIn: async () => {
        const manager = await userManager();
        await manager.signinRedirect({ state: window.location.pathname + window.location.search });
      },
      signOut: async () => {
        const manager = await userManager();
        adopt(null);
        await manager.removeUser();
        try {
          await manager.signoutRedirect();
        } catch {
          window.location.assign('/');
        }
      },
      completeSignIn: async () => {
        const manager = await userManager();
        const signedIn = await manager.signinRedirectCallback();
        adopt(signedIn);
        const back = typeof signedIn.state === 'string' ? signedIn.state : '/';
        return back.startsWith('/auth') ? '/' : back;
      },
    }),
    [user, ready, adopt],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
