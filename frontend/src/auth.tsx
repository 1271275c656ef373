import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import i18n from "./i18n";
import { api, ApiError, onSessionEnded, refreshSession, scheduleRefresh, setAccessToken, setApiLanguage, stopRefresh, unwrap, type Me } from "./api/client";

interface Auth {
  status: "loading" | "signedOut" | "signedIn";
  me: Me | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  reloadMe(): Promise<void>;
}

const Ctx = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const a = useContext(Ctx);
  if (!a) throw new Error("useAuth outside AuthProvider");
  return a;
}

// useMe is the signed-in person (inside the signed-in part of the app).
export function useMe(): Me {
  const me = useAuth().me;
  if (!me) throw new Error("not signed in");
  return me;
}

export function applyLanguage(lang: string) {
  setApiLanguage(lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<Auth["status"]>("loading");
  const [me, setMe] = useState<Me | null>(null);

  const loadMe = useCallback(async () => {
    const m = unwrap(await api.GET("/api/v1/me"));
    applyLanguage(m.language);
    setMe(m);
    setStatus("signedIn");
  }, []);

  const ended = useCallback(() => {
    setAccessToken(null);
    stopRefresh();
    setMe(null);
    setStatus("signedOut");
    qc.clear();
  }, [qc]);

  useEffect(() => {
    onSessionEnded(ended);
    // A reload keeps the person signed in: the HttpOnly cookie is traded for
    // a new access token.
    void (async () => {
      if (await refreshSession()) {
        try {
          await loadMe();
          return;
        } catch {
          /* fall through to sign-in */
        }
      }
      setStatus("signedOut");
    })();
  }, [ended, loadMe]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const s = unwrap(await api.POST("/api/v1/auth/login", { body: { email, password } }));
      setAccessToken(s.access_token);
      scheduleRefresh(s.expires_in);
      await loadMe();
    },
    [loadMe],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST("/api/v1/auth/logout", {});
    } catch (e) {
      if (!(e instanceof ApiError)) console.warn(e);
    }
    ended();
  }, [ended]);

  return <Ctx.Provider value={{ status, me, signIn, signOut, reloadMe: loadMe }}>{children}</Ctx.Provider>;
}
