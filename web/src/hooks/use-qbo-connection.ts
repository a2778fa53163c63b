import { getQboConnection } from '../api/client';
import type { QboConnectionStatus } from '../api/types';
import { useAsync } from './use-async';

// The status read asks Intuit (one CompanyInfo call), and a page may show several QBO parts at once:
// they share one answer for a short while. Connecting is a full page load, which starts afresh.
const FRESH_FOR_MS = 30_000;
let shared: { promise: Promise<QboConnectionStatus>; at: number } | undefined;

const loadQboConnection = (): Promise<QboConnectionStatus> => {
  if (shared && Date.now() - shared.at < FRESH_FOR_MS) return shared.promise;
  const promise = getQboConnection();
  const entry = { promise, at: Date.now() };
  shared = entry;
  // A failed read is not worth remembering: the next panel (or "Try again") asks again.
  promise.catch(() => {
    if (shared === entry) shared = undefined;
  });
  return promise;
};

/** Forget the shared status, after a disconnect or when a QBO call says the connection is gone. */
export const forgetQboConnection = (): void => {
  shared = undefined;
};

/** The signed-in staff member's QBO connection; `enabled: false` (customers) never asks. */
export const useQboConnection = (enabled = true) =>
  useAsync<QboConnectionStatus | undefined>(
    () => (enabled ? loadQboConnection() : Promise.resolve(undefined)),
    [enabled],
  );
