import { useEffect, useState } from 'preact/hooks';

/** `value`, once it has stopped changing for `delayMs` — so a search box does not fire per keystroke. */
export const useDebounced = <T>(value: T, delayMs: number): T => {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
};
