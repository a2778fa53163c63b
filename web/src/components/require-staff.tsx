import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client';
import { isStaff } from '../lib/roles';
import { useCurrentUser } from '../session';
import { ErrorBanner } from './error-banner';

/** Pages only staff use; the server refuses customers anyway, this just says so up front. */
export const RequireStaff = ({ children }: { children: ComponentChildren }) => {
  const user = useCurrentUser();
  if (isStaff(user)) return <>{children}</>;
  return <ErrorBanner error={new ApiError(403, 'forbidden', 'Forbidden')} />;
};
