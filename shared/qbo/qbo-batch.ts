import { createHash, randomUUID } from 'node:crypto';
import { type QboRequest, type QboSession, readFaults } from './qbo-api-client';
import { QboFaultError, QboUnavailableError } from './qbo-errors';

// Intuit's batch: at most 30 operations a call, and a requestid of at most 36 characters (qbo-reference §2.2, §5).
const MAX_BATCH_ITEMS = 30;
const MAX_BATCH_REQUEST_ID = 36;

export type BatchEntity = 'Customer' | 'Invoice' | 'Item' | 'Vendor' | 'Employee' | 'Payment';

/** The entities a write may name, by the lower-case path of its single call (`POST /customer`). */
const ENTITY_BY_PATH: ReadonlyMap<string, BatchEntity> = new Map<string, BatchEntity>([
  ['customer', 'Customer'],
  ['invoice', 'Invoice'],
  ['item', 'Item'],
  ['vendor', 'Vendor'],
  ['employee', 'Employee'],
  ['payment', 'Payment'],
]);

export type BatchOperation =
  | {
      kind: 'write';
      entity: BatchEntity;
      operation: 'create' | 'update' | 'delete';
      body: Record<string, unknown>;
      /** `void` voids an invoice (with operation `update`). */
      optionsData?: 'void';
    }
  | { kind: 'query'; query: string };

/** One operation's outcome: its entity (or the QueryResponse), or its fault as a single call would throw it. */
export type BatchResult = { ok: true; entity: Record<string, unknown> } | { ok: false; error: QboFaultError };

type BatchItemResponse = Record<string, unknown> & { bId?: string };
type BatchAnswer = { BatchItemResponse?: BatchItemResponse[]; time?: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const toBatchItem = (operation: BatchOperation, bId: string) =>
  operation.kind === 'query'
    ? { bId, Query: operation.query }
    : {
        bId,
        operation: operation.operation,
        ...(operation.optionsData ? { optionsData: operation.optionsData } : {}),
        [operation.entity]: operation.body,
      };

const toResult = (operation: BatchOperation, item: BatchItemResponse | undefined): BatchResult => {
  // Each failed item is a 400 fault of its own; the batch's answer carries no intuit_tid per item.
  if (item?.Fault) return { ok: false, error: new QboFaultError(400, readFaults(item), undefined) };
  const entity = item?.[operation.kind === 'query' ? 'QueryResponse' : operation.entity];
  // Without an answer for an item, nobody knows whether it was written: the caller tries again later.
  if (!isRecord(entity)) throw new QboUnavailableError('an incomplete batch answer');
  return { ok: true, entity };
};

const postBatch = async (qbo: QboSession, operations: BatchOperation[], requestId?: string) => {
  if (operations.length > MAX_BATCH_ITEMS) {
    throw new Error(
      `A QuickBooks batch takes ${MAX_BATCH_ITEMS} operations at most, not ${operations.length}`,
    );
  }
  if (requestId && requestId.length > MAX_BATCH_REQUEST_ID) {
    throw new Error(`A QuickBooks batch's requestid has ${MAX_BATCH_REQUEST_ID} characters at most`);
  }
  if (operations.length === 0) return { results: [], time: undefined };
  const answer = await qbo.request<BatchAnswer>({
    method: 'POST',
    path: '/batch',
    body: {
      BatchItemRequest: operations.map((operation, index) => toBatchItem(operation, String(index + 1))),
    },
    requestId,
  });
  // Intuit answers the items in any order: each is found by its bId.
  const byId = new Map((answer.BatchItemResponse ?? []).map((item) => [String(item.bId), item]));
  return {
    results: operations.map((operation, index) => toResult(operation, byId.get(String(index + 1)))),
    time: answer.time,
  };
};

/**
 * Up to 30 operations in one `POST /batch`, their results in the operations' order. A failed item is
 * its own result; a failed batch (throttled, unavailable, not connected) throws as a single call would.
 */
export const sendBatch = async (
  qbo: QboSession,
  operations: BatchOperation[],
  requestId?: string,
): Promise<BatchResult[]> => (await postBatch(qbo, operations, requestId)).results;

type WriteOperation = Extract<BatchOperation, { kind: 'write' }>;

/** The batch operation a single call's write stands for, or undefined when it must go as it is. */
const batchableWrite = (call: QboRequest): WriteOperation | undefined => {
  if (call.method !== 'POST' || call.contentType || call.accept || !isRecord(call.body)) return undefined;
  const entity = ENTITY_BY_PATH.get(/^\/([a-z]+)$/.exec(call.path)?.[1] ?? '');
  const { operation: mode, ...otherParameters } = call.query ?? {};
  // A batch item has no place for other parameters (`include=…`).
  if (!entity || Object.keys(otherParameters).length > 0) return undefined;
  const write = { kind: 'write', entity, body: call.body } as const;
  if (mode === undefined) return { ...write, operation: call.body.Id === undefined ? 'create' : 'update' };
  if (mode === 'update' || mode === 'delete') return { ...write, operation: mode };
  if (mode === 'void') return { ...write, operation: 'update', optionsData: 'void' };
  return undefined;
};

type QueuedWrite = {
  call: QboRequest;
  operation: WriteOperation;
  resolve: (envelope: unknown) => void;
  reject: (error: unknown) => void;
};

/**
 * A batch that is the same set of writes gets the same requestid, whatever order they were queued in,
 * so Intuit replays a retried batch instead of writing twice; without every item's key it cannot.
 */
const batchRequestId = (writes: QueuedWrite[]) => {
  const keys = writes.map((write) => write.call.requestId);
  if (keys.some((key) => key === undefined)) return randomUUID();
  return createHash('sha256').update(keys.sort().join('\n')).digest('hex').slice(0, MAX_BATCH_REQUEST_ID);
};

// Sorted by key (then body), the same writes make the same batch body, bIds included.
const canonicalOrder = (writes: QueuedWrite[]) =>
  writes
    .map((write) => ({ write, sortKey: `${write.call.requestId ?? ''}\n${JSON.stringify(write.call.body)}` }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map(({ write }) => write);

const sendQueued = async (qbo: QboSession, queued: QueuedWrite[]) => {
  const [only] = queued;
  // A lone write goes as its own call: the same answer, its own requestid, and no batch call spent.
  if (queued.length === 1 && only) {
    await qbo.request(only.call).then(only.resolve, only.reject);
    return;
  }
  const writes = canonicalOrder(queued);
  let answer: Awaited<ReturnType<typeof postBatch>>;
  try {
    answer = await postBatch(
      qbo,
      writes.map((write) => write.operation),
      batchRequestId(writes),
    );
  } catch (error) {
    for (const write of writes) write.reject(error);
    return;
  }
  for (const [index, result] of answer.results.entries()) {
    const write = writes[index] as QueuedWrite;
    if (result.ok) {
      write.resolve({
        [write.operation.entity]: result.entity,
        ...(answer.time ? { time: answer.time } : {}),
      });
    } else {
      write.reject(result.error);
    }
  }
};

/**
 * A session that sends entity writes issued close together as one batch (up to `maxItems`, at most 30):
 * each caller gets the envelope a single call answers (`{ Customer: … }`) or its own item's fault, so
 * code written for single calls works unchanged. Reads, queries, files, sends and anything else go
 * straight to `qbo`. Writes gather until none has come for `quietMs` (0: the same turn of the event
 * loop), but no longer than `maxWaitMs` after the first: many syncs run side by side reach their write
 * a few milliseconds apart.
 */
export const coalescingSession = (
  qbo: QboSession,
  options: { maxItems?: number; quietMs?: number; maxWaitMs?: number } = {},
): QboSession => {
  const maxItems = Math.max(1, Math.min(options.maxItems ?? MAX_BATCH_ITEMS, MAX_BATCH_ITEMS));
  const quietMs = options.quietMs ?? 0;
  const maxWaitMs = options.maxWaitMs ?? quietMs;
  let queue: QueuedWrite[] = [];
  let timer: NodeJS.Timeout | undefined;
  let firstQueuedAt = 0;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const queued = queue;
    queue = [];
    void sendQueued(qbo, queued);
  };
  const scheduleFlush = () => {
    if (queue.length >= maxItems) return flush();
    if (queue.length === 1) firstQueuedAt = Date.now();
    clearTimeout(timer);
    timer = setTimeout(flush, Math.min(quietMs, Math.max(0, firstQueuedAt + maxWaitMs - Date.now())));
  };
  return {
    realmId: qbo.realmId,
    companyName: qbo.companyName,
    endpoints: qbo.endpoints,
    request: <T>(call: QboRequest) => {
      const operation = batchableWrite(call);
      if (!operation) return qbo.request<T>(call);
      return new Promise<T>((resolve, reject) => {
        queue.push({ call, operation, resolve: resolve as (envelope: unknown) => void, reject });
        scheduleFlush();
      });
    },
    requestBytes: (call) => qbo.requestBytes(call),
    query: <T>(statement: string) => qbo.query<T>(statement),
  };
};
