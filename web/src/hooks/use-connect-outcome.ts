import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type ConnectOutcome, connectOutcome, withoutConnectOutcome } from '../lib/qbo';

/**
 * The result the QBO OAuth callback put in the address (`?qbo=connected`, `?qboError=…`). It is read
 * once, then taken out of the address so reloading or sharing the page does not repeat it.
 */
export const useConnectOutcome = (): ConnectOutcome | undefined => {
  const { path, query, route } = useLocation();
  const [outcome] = useState(() => connectOutcome(query));
  useEffect(() => {
    if (outcome) route(withoutConnectOutcome(path, query), true);
    // Only on arrival: later changes to the address are the user's own.
  }, []);
  return outcome;
};
