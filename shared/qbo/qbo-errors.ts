import { DomainError } from '../errors';
import type { Settings } from '../settings/settings';

export type ReconnectReason = 'not_connected' | 'needs_reconnect';

/** The viewer has no usable QBO connection: never connected, or Intuit no longer accepts it. */
export class QboNotConnectedError extends DomainError {
  constructor(reason: ReconnectReason = 'not_connected', why?: string) {
    super(
      'qbo_not_connected',
      reason === 'not_connected'
        ? 'Connect to QuickBooks first'
        : `QuickBooks no longer accepts this connection${why ? ` (${why})` : ''}: reconnect to QuickBooks`,
      { reason },
    );
  }
}

export type QboFault = { code: string; message: string; detail?: string; element?: string };

/** QBO refused a request (a Fault): its message and intuit_tid go to the user and the logs. */
export class QboFaultError extends DomainError {
  constructor(
    readonly status: number,
    readonly faults: QboFault[],
    readonly intuitTid: string | undefined,
  ) {
    const first = faults[0];
    super('qbo_error', `QuickBooks: ${first?.detail || first?.message || `HTTP ${status}`}`, {
      intuitTid,
      faults,
    });
  }

  hasCode(code: string): boolean {
    return this.faults.some((fault) => fault.code === code);
  }
}

export class QboThrottledError extends DomainError {
  constructor(retryAfterSeconds: number, intuitTid?: string) {
    super('qbo_throttled', 'QuickBooks is busy: try again in a moment', { retryAfterSeconds, intuitTid });
  }
}

export class QboUnavailableError extends DomainError {
  constructor(why: string, intuitTid?: string, retryAfterSeconds = 5) {
    super('qbo_unavailable', `QuickBooks is not answering right now (${why}); try again later`, {
      intuitTid,
      retryAfterSeconds,
    });
  }
}

/** Another request is still writing the same thing to QuickBooks, past this request's time budget. */
export class QboBusyError extends DomainError {
  constructor(what: string) {
    super(
      'qbo_unavailable',
      `${what} is being written to QuickBooks by another request; try again in a moment`,
      {
        retryAfterSeconds: 2,
      },
    );
  }
}

/** Intuit's fault codes Deskbooks reacts to (qbo-reference §4). */
export const FAULT = {
  objectNotFound: '610',
  staleObject: '5010',
  duplicateName: '6240',
  invalidReference: '2500',
  requiredParamMissing: '2020',
} as const;

// The admin toggles of Settings → QBO, with the words the UI shows when one is off (DESIGN §1).
const TOGGLE_OFF = {
  syncUser: { code: 'qbo_sync_user_disabled', message: 'Sync user to QBO is disabled in settings' },
  syncInvoice: { code: 'qbo_sync_invoice_disabled', message: 'Sync to invoice is disabled in QBO settings' },
} as const;

export type QboToggle = keyof typeof TOGGLE_OFF;

/** An admin has switched this QBO feature off in Settings → QBO. */
class QboToggleOffError extends DomainError {
  constructor(toggle: QboToggle) {
    super(TOGGLE_OFF[toggle].code, TOGGLE_OFF[toggle].message);
  }
}

/** Refuses a QBO feature an admin has switched off, whatever the UI showed. */
export const assertQboToggleOn = (settings: Settings, toggle: QboToggle): void => {
  if (!settings.qbo[toggle]) throw new QboToggleOffError(toggle);
};
