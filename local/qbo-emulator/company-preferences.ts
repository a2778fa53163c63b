import type { SandboxCompany } from './companies';

/**
 * The fields of a company's Preferences (Intuit's `GET /preferences`), limited to what the emulator
 * honours: USD only, no multicurrency; numbers assigned by QuickBooks; discount lines; mail without a
 * PDF attached and no copy to the company (the sandbox mails a link to the PDF, qbo-reference §9);
 * US sales tax, computed by QuickBooks itself only when the company has automated sales tax.
 */
export const preferencesFields = (company: SandboxCompany) => ({
  SalesFormsPrefs: {
    CustomTxnNumbers: false,
    AllowDiscount: true,
    EmailCopyToCompany: false,
    ETransactionAttachPDF: false,
    UsingPriceLevels: false,
  },
  TaxPrefs: { UsingSalesTax: true, PartnerTaxEnabled: company.automatedSalesTax === true },
  CurrencyPrefs: { HomeCurrency: { value: 'USD' }, MultiCurrencyEnabled: false },
});
