import { labels } from '../labels';
import { formatCalendarDate } from '../lib/format';

/** An invoice's due date (a calendar day from QuickBooks), or a dash when it has none. */
export const DueDate = ({ day }: { day: string | undefined }) =>
  day ? <time dateTime={day}>{formatCalendarDate(day)}</time> : labels.common.none;
