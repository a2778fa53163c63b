import type { QboSession } from './qbo-api-client';

type PreferencesEnvelope = { Preferences?: { TaxPrefs?: { PartnerTaxEnabled?: boolean } } };

// Per realm, for the life of the Lambda container: a company's tax setup changes about never. The read
// itself is kept, so callers in flight together share one; a failed read is forgotten and tried again.
const lineTaxCodes = new Map<string, Promise<boolean>>();

const readTakesLineTaxCodes = async (qbo: QboSession) => {
  const answer = await qbo.request<PreferencesEnvelope>({ method: 'GET', path: '/preferences' });
  return answer.Preferences?.TaxPrefs?.PartnerTaxEnabled !== true;
};

/**
 * Whether the company's invoice lines should carry their own tax code (`TAX`/`NON`): yes unless it uses
 * automated sales tax, where QuickBooks works the tax out itself (qbo-reference §9). Older companies
 * leave `PartnerTaxEnabled` out, which means no automated sales tax.
 */
export const takesLineTaxCodes = (qbo: QboSession): Promise<boolean> => {
  const cached = lineTaxCodes.get(qbo.realmId);
  if (cached) return cached;
  const read = readTakesLineTaxCodes(qbo);
  lineTaxCodes.set(qbo.realmId, read);
  read.catch(() => lineTaxCodes.delete(qbo.realmId));
  return read;
};
