import type { PublicUser } from '../api/types';

export type UserQboPanelProps = {
  user: PublicUser;
  /** Call with the user the API returns after a sync, so the page shows the new QBO link. */
  onUserChange: (user: PublicUser) => void;
};

/**
 * Slot for the user page's QuickBooks section (DESIGN §1 "User page"): "Sync to QBO",
 * "View customer in QuickBooks", "Connect to QBO First", or the disabled-in-settings note.
 * It loads what it needs itself; the user page renders without waiting on it.
 */
export const UserQboPanel = (_props: UserQboPanelProps) => null;
