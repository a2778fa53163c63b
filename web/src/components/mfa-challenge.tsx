export type MfaChallengeProps = {
  /** Call once POST /api/mfa/verify succeeds; the app then reloads the session and lets the user in. */
  onVerified: () => void;
};

/** Slot for the second sign-in step when the session says `mfa: "required"` (code or recovery code). */
export const MfaChallenge = (_props: MfaChallengeProps) => null;
