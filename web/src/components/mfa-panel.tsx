import type { PublicUser } from '../api/types';

export type MfaPanelProps = { user: PublicUser };

/**
 * Slot for Settings → Security, for every user (DESIGN §1): "Enable MFA" with QR code, manual key,
 * confirmation code and one-time recovery codes. After enrolment call `useSession().refresh()` so a
 * `setup_required` session is released.
 */
export const MfaPanel = (_props: MfaPanelProps) => null;
