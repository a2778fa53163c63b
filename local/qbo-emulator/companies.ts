export interface SandboxCompany {
  realmId: string;
  companyName: string;
  /**
   * Automated sales tax (AST): US companies created after 10 Nov 2017 have it, the sandbox does not
   * (qbo-reference §9). It shows in the company's Preferences as `TaxPrefs.PartnerTaxEnabled`. Default off.
   */
  automatedSalesTax?: boolean;
}

export const DEFAULT_REALM_ID = '9341450000000001';
export const DEFAULT_COMPANY_NAME = 'Sandbox Company US 1';

const SECOND_COMPANY: SandboxCompany = { realmId: '9341450000000002', companyName: 'Sandbox Company US 2' };

// A second company lets tests use a token against a realm it was not granted for.
export const defaultCompanies = (realmId = DEFAULT_REALM_ID, companyName = DEFAULT_COMPANY_NAME) =>
  realmId === SECOND_COMPANY.realmId
    ? [{ realmId, companyName }]
    : [{ realmId, companyName }, SECOND_COMPANY];
