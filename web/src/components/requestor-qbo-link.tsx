import { getUserQboSync } from '../api/client';
import { useAsync } from '../hooks/use-async';
import { useQboConnection } from '../hooks/use-qbo-connection';
import { labels } from '../labels';
import { linkInRealm, usableConnection } from '../lib/qbo';
import { isStaff } from '../lib/roles';
import { useCurrentUser } from '../session';
import { QboLink } from './qbo-notices';

export type RequestorQboLinkProps = {
  requestorId: string;
  /** Changes when the invoices do: making one syncs the requestor, so look again. */
  refreshKey?: string | undefined;
};

/**
 * Next to an issue's requestor: "View in QBO" when the requestor is a customer in the viewer's
 * QuickBooks company; nothing otherwise (nor for customers, who have no QBO connection). Loads after
 * the page and never holds it up.
 */
export const RequestorQboLink = ({ requestorId, refreshKey }: RequestorQboLinkProps) => {
  const staff = isStaff(useCurrentUser());
  const connection = useQboConnection(staff);
  const realmId = usableConnection(connection.data)?.realmId;
  const sync = useAsync(
    (signal) => (realmId ? getUserQboSync(requestorId, { signal }) : Promise.resolve(undefined)),
    [requestorId, realmId, refreshKey],
  );
  const link = realmId && sync.data ? linkInRealm(sync.data.links, realmId) : undefined;
  if (!link) return null;
  return <QboLink href={link.customerUrl}>{labels.qbo.viewInQbo}</QboLink>;
};
