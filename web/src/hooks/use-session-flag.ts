import { useCallback, useState } from 'preact/hooks';

// Storage can be unavailable (privacy modes, quotas); the flag then lasts as long as the page.
const read = (key: string): boolean => {
  try {
    return sessionStorage.getItem(key) === '1';
  } catch {
    return false;
  }
};

const write = (key: string, value: boolean): void => {
  try {
    if (value) sessionStorage.setItem(key, '1');
    else sessionStorage.removeItem(key);
  } catch {
    // Keep the in-memory value only.
  }
};

/** A yes/no remembered for this browser tab's session (sessionStorage). */
export const useSessionFlag = (key: string): [boolean, (value: boolean) => void] => {
  const [value, setValue] = useState(() => read(key));
  const set = useCallback(
    (next: boolean) => {
      setValue(next);
      write(key, next);
    },
    [key],
  );
  return [value, set];
};
