import type { Settings } from '../api/types';

export type EnforceMfaPanelProps = {
  settings: Settings;
  /** Call with the settings PUT /api/settings returns, so the page keeps the newest `version`. */
  onSettingsChange: (settings: Settings) => void;
};

/** Slot for the admin-only "Enforce MFA" control in Settings → Security (DESIGN §1). */
export const EnforceMfaPanel = (_props: EnforceMfaPanelProps) => null;
