export interface CallCounter {
  record(method: string, pathname: string): void;
  snapshot(): Record<string, number>;
  reset(): void;
}

/**
 * "POST /v3/company/:realm/invoice", "GET /v3/company/:realm/invoice/:id",
 * "POST /v3/company/:realm/invoice/:id/send", "POST /oauth2/v1/tokens/bearer".
 */
const callKey = (method: string, pathname: string): string => {
  const api = /^\/v3\/company\/[^/]+(\/.*)?$/.exec(pathname);
  if (!api) return `${method} ${pathname}`;
  const rest = (api[1] ?? '').replace(/^\/([^/]+)\/[^/]+(\/[^/]+)?$/, '/$1/:id$2');
  return `${method} /v3/company/:realm${rest}`;
};

export const createCallCounter = (): CallCounter => {
  let counts = new Map<string, number>();
  return {
    record: (method, pathname) => {
      const key = callKey(method, pathname);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    snapshot: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
    reset: () => {
      counts = new Map();
    },
  };
};
