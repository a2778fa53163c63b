import type { Address } from '../users/user';
import { withoutControlCharacters as text } from '../validation/one-line';

/** An address as QBO's BillAddr, for customers and invoices alike (qbo-reference §3.1). */
export const toBillAddr = (address: Address): Record<string, string> => ({
  Line1: text(address.line1),
  ...(address.line2 ? { Line2: text(address.line2) } : {}),
  City: text(address.city),
  ...(address.region ? { CountrySubDivisionCode: text(address.region) } : {}),
  ...(address.postalCode ? { PostalCode: text(address.postalCode) } : {}),
  ...(address.country ? { Country: text(address.country) } : {}),
});
