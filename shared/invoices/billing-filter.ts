import type { BillingState } from './invoice-snapshot';

export type Filter = { expression: string; names: Record<string, string>; values: Record<string, unknown> };

/** Two filters that must both hold. */
export const bothFilters = (a: Filter | undefined, b: Filter | undefined): Filter | undefined =>
  a && b
    ? {
        expression: `(${a.expression}) AND (${b.expression})`,
        names: { ...a.names, ...b.names },
        values: { ...a.values, ...b.values },
      }
    : (a ?? b);

/**
 * A FilterExpression for one "Billing" state, on snapshot fields at `under` (the issue's `billing`
 * map) or at the item's top level (an invoice's record). Overdue is an open balance past its due
 * date; Unpaid and Partial are those that are not yet overdue. `today` is the company's date.
 */
export const billingFilter = (state: BillingState, today: string, under?: string): Filter => {
  const at = (field: string) => (under ? `#billing.#${field}` : `#${field}`);
  const names = {
    ...(under ? { '#billing': under } : {}),
    '#status': 'status',
    '#balanceCents': 'balanceCents',
    '#dueDate': 'dueDate',
  };
  const overdue = `(${at('balanceCents')} > :zero AND ${at('dueDate')} < :today)`;
  switch (state) {
    case 'not_invoiced':
      return {
        expression: 'attribute_not_exists(#billing)',
        names: { '#billing': under ?? 'billing' },
        values: {},
      };
    case 'overdue':
      return {
        expression: `${at('status')} IN (:unpaid, :partial) AND ${overdue}`,
        names,
        values: { ':unpaid': 'unpaid', ':partial': 'partial', ':zero': 0, ':today': today },
      };
    case 'unpaid':
    case 'partial':
      return {
        expression: `${at('status')} = :state AND NOT ${overdue}`,
        names,
        values: { ':state': state, ':zero': 0, ':today': today },
      };
    default: {
      // DynamoDB refuses names an expression does not use.
      const { '#balanceCents': _balance, '#dueDate': _due, ...used } = names;
      return { expression: `${at('status')} = :state`, names: used, values: { ':state': state } };
    }
  }
};
