import { jsonReply, type Reply } from '../http';
import { toPacificDateTime } from '../time-format';

interface FaultItem {
  Message: string;
  Detail: string;
  code: string;
  element: string;
}

/** A PascalCase `Fault` answer, thrown by API handlers and turned into a reply once, in the router. */
export class QboFaultError extends Error {
  constructor(
    readonly item: FaultItem,
    readonly status = 400,
    readonly faultType = 'ValidationFault',
  ) {
    super(item.Message);
  }
}

const fault = (code: string, message: string, detail: string, element = '') =>
  new QboFaultError({ Message: message, Detail: detail, code, element });

export const invalidPropertyError = (
  element: string,
  detail = `Property Name:${element} specified is unsupported or invalid`,
) => fault('2010', 'Request has invalid or unsupported property', detail, element);

export const requiredParamError = (element: string) =>
  fault(
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${element} is missing in the request`,
    element,
  );

export const invalidStringError = (element: string, detail: string) =>
  fault('2040', 'Invalid String', detail, element);

export const stringLengthError = (element: string, max: number, supplied: number) =>
  fault(
    '2050',
    'String length is either shorter or longer than supported by specification',
    `String length specified does not match the supported length. Min:0 Max:${max} supported. Supplied length:${supplied}`,
    element,
  );

export const invalidReferenceError = (element: string, detail: string) =>
  fault('2500', 'Invalid Reference Id', `Invalid Reference Id : ${detail}`, element);

export const unsupportedOperationError = (operation: string) =>
  fault('500', 'Unsupported Operation', `Operation ${operation} is not supported.`);

export const objectNotFoundError = (deleted: boolean) =>
  fault(
    '610',
    'Object Not Found',
    deleted
      ? 'Object Not Found : Another user has deleted this transaction.'
      : "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
  );

export const staleObjectError = () =>
  fault(
    '5010',
    'Stale Object Error',
    'Stale Object Error : You and Sandbox Admin edited the same record at the same time and your work was not saved. Please retry your edit.',
  );

export const businessRuleError = (detail: string, element = '') =>
  fault(
    '6000',
    'A business validation error has occurred while processing your request',
    `Business Validation Error: ${detail}`,
    element,
  );

export const amountMismatchError = (supplied: number) =>
  fault(
    '6070',
    'Amount calculation incorrect in the request',
    `Amount is not equal to UnitPrice * Qty. Supplied value:${supplied}`,
    'Line.Amount',
  );

export const nameRequiredError = () =>
  fault(
    '6080',
    'Name Required',
    'Business Validation Error: You must specify a display name or at least one of title, given name, middle name, family name or suffix.',
    'DisplayName',
  );

export const duplicateDocNumberError = (docNumber: string, txnId: string) =>
  fault(
    '6140',
    'Duplicate Document Number Error',
    `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=Invoice with TxnId=${txnId}`,
    'DocNumber',
  );

export const duplicateNameError = (name: string, element: string) =>
  fault(
    '6240',
    'Duplicate Name Exists Error',
    `The name supplied already exists. : Another customer, vendor or employee is already using this name (${name}). Please use a different name.`,
    element,
  );

export const queryParserError = (detail: string) =>
  fault('4000', 'Error parsing query', `QueryParserError: ${detail}`);

export const queryValidationError = (detail: string) =>
  fault('4001', 'Invalid query', `QueryValidationError: ${detail}`);

/** The `Fault` object: the body of a fault answer, and what a failed batch item carries. */
export const faultOf = (error: QboFaultError) => ({ Error: [error.item], type: error.faultType });

export const faultReply = (error: QboFaultError, now: number): Reply =>
  jsonReply(error.status, { Fault: faultOf(error), time: toPacificDateTime(now, true) });
