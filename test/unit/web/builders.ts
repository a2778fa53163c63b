import type { QboInvoice } from '../../../web/src/api/types';

/** An invoice as the API lists it: number 1001, $150.00, unpaid. */
export const anInvoice = (overrides: Partial<QboInvoice> = {}): QboInvoice => ({
  id: '130',
  docNumber: '1001',
  label: '1001',
  total: '150.00',
  balance: '150.00',
  currency: 'USD',
  status: 'unpaid',
  overdue: false,
  lines: [],
  url: 'https://qbo.example/app/invoice?txnId=130',
  ...overrides,
});
