/** The gateway session, kept for the tab only (sessionStorage): a token is as good as a password. */
const KEY = "wecom-meetings.session";

interface Stored {
  token: string;
  userId: string;
  expiresAt: string;
}

export const session = {
  token(): string | undefined {
    const stored = this.current();
    return stored && Date.parse(stored.expiresAt) > Date.now() ? stored.token : undefined;
  },
  current(): Stored | undefined {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : undefined;
  },
  save(stored: Stored): void {
    sessionStorage.setItem(KEY, JSON.stringify(stored));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
