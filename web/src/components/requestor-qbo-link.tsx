export type RequestorQboLinkProps = { requestorId: string };

/**
 * Slot next to an issue's requestor: "View in QBO" once the requestor is synced to QuickBooks.
 * Loads the requestor itself so the issue page never waits on it.
 */
export const RequestorQboLink = (_props: RequestorQboLinkProps) => null;
