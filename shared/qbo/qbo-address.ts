import type { Address } from '../users/user';

/** An address as QBO's BillAddr, for customers and invoices alike (qbo-reference §3.1). */
export const toBillAddr = (address: Address): Record<string, string> => ({
  Line1: address.line1,
  ...(address.line2 ? { Line2: address.line2 } : {}),
  City: address.city,
  ...(address.region ? { CountrySubDivisionCode: address.region } : {}),
  ...(address.postalCode ? { PostalCode: address.postalCode } : {}),
  ...(address.country ? { Country: address.country } : {}),
});
