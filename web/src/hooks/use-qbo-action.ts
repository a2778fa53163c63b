import { useRef, useState } from 'preact/hooks';
import { qboProblem } from '../lib/qbo';
import { forgetQboConnection } from './use-qbo-connection';

/**
 * A QBO write behind a button ("Sync to QBO", "Create invoice"): one request at a time, however fast
 * the clicks (the server is idempotent too), with its result or error kept for the section to show.
 */
export const useQboAction = <T>(run: () => Promise<T>, onDone: (result: T) => void) => {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  // State updates land after the next render; a ref stops a second click in between.
  const inFlight = useRef(false);

  const start = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setError(undefined);
    setResult(undefined);
    try {
      const done = await run();
      setResult(done);
      onDone(done);
    } catch (failure) {
      // The shared status said connected; the server knows better (revoked, or disconnected elsewhere).
      if (qboProblem(failure) === 'not_connected') forgetQboConnection();
      setError(failure);
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  };

  /** The same write succeeded another way (a failure's "Retry"): show its result as if from here. */
  const show = (done: T) => {
    setError(undefined);
    setResult(done);
    onDone(done);
  };

  return { start, show, pending, result, error };
};
