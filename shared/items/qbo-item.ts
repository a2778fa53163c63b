import { RateSchema } from '../billing/billing-fields';
import { formatCents, toCents } from '../invoices/money';
import { oneLine } from '../validation/one-line';
import * as z from '../validation/zod';

/** The QuickBooks item types a helpdesk bills: work (Service) and parts it does not stock (NonInventory). */
export const BILLABLE_ITEM_TYPES = ['Service', 'NonInventory'] as const;
export type BillableItemType = (typeof BILLABLE_ITEM_TYPES)[number];

export type QboItem = {
  Id: string;
  Name: string;
  Type: string;
  Description?: string;
  UnitPrice?: number;
  Active?: boolean;
  IncomeAccountRef?: { value: string; name?: string };
};

export type QboAccount = { Id: string; Name: string; AccountType?: string; Active?: boolean };

export type ItemView = {
  id: string;
  name: string;
  type: string;
  description?: string;
  unitPrice?: string;
  incomeAccount?: { id: string; name?: string };
};

export type IncomeAccountView = { id: string; name: string };

export const toItemView = (item: QboItem): ItemView => ({
  id: item.Id,
  name: item.Name,
  type: item.Type,
  ...(item.Description ? { description: item.Description } : {}),
  ...(item.UnitPrice !== undefined ? { unitPrice: formatCents(toCents(item.UnitPrice)) } : {}),
  ...(item.IncomeAccountRef
    ? { incomeAccount: { id: item.IncomeAccountRef.value, name: item.IncomeAccountRef.name } }
    : {}),
});

export const toIncomeAccountView = (account: QboAccount): IncomeAccountView => ({
  id: account.Id,
  name: account.Name,
});

// QuickBooks' item Name takes 100 characters and no colon (the parent:child separator).
export const CreateItemSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    name: z
      .string()
      .check(
        z.trim(),
        oneLine(),
        z.minLength(1, 'Name the product or service'),
        z.maxLength(100),
        z.regex(/^[^:]*$/, 'QuickBooks does not take a colon (:) in a name'),
      ),
    type: z.enum(BILLABLE_ITEM_TYPES),
    incomeAccountId: z.string().check(z.regex(/^\d{1,20}$/, 'Choose an income account')),
    description: z.optional(z.string().check(z.trim(), oneLine(), z.maxLength(4000))),
    unitPrice: z.optional(RateSchema),
  }),
);
export type CreateItemInput = z.infer<typeof CreateItemSchema>;
