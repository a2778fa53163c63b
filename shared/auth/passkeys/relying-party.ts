/** Who the passkeys belong to: WebAuthn binds each credential to this id and checks this origin. */
export type RelyingParty = { id: string; origin: string; name: string };

/**
 * From the site's public URL: the id is its host name (WebAuthn refuses IP addresses, so locally it
 * is `localhost`), the origin its scheme, host and port as the browser reports them.
 */
export const relyingPartyOf = (publicUrl: string): RelyingParty => {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin, name: 'Deskbooks' };
};
