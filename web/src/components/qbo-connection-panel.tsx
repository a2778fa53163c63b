/**
 * Slot for Settings → QBO's connection area (DESIGN §1): "Connect to QuickBooks" for the signed-in
 * user, then company name, realm, connected since and "Disconnect". Loads its own status.
 */
export const QboConnectionPanel = () => null;
