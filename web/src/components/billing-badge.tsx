import type { BillingState } from '../api/types';
import { labels } from '../labels';

const BADGE_CLASS = {
  not_invoiced: 'badge badge-not-invoiced',
  unpaid: 'badge badge-invoice-unpaid',
  partial: 'badge badge-invoice-partial',
  paid: 'badge badge-invoice-paid',
  overdue: 'badge badge-overdue',
  voided: 'badge badge-invoice-voided',
} satisfies Record<BillingState, string>;

/** Where an issue's or invoice's money stands, as Deskbooks last saw it in QuickBooks. */
export const BillingBadge = ({ state }: { state: BillingState }) => (
  <span class={BADGE_CLASS[state]}>{labels.billingStates[state]}</span>
);
