import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Text, or bytes for a binary answer such as an invoice PDF. */
  body?: string | Buffer;
}

export interface Incoming {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

export const jsonReply = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': JSON_TYPE, ...headers },
  body: JSON.stringify(value),
});

export const htmlReply = (status: number, html: string): Reply => ({
  status,
  headers: { 'content-type': 'text/html;charset=UTF-8' },
  body: html,
});

export const redirectReply = (location: string): Reply => ({ status: 302, headers: { location } });

export const emptyReply = (status: number): Reply => ({ status });

export const readIncoming = async (req: IncomingMessage, origin: string): Promise<Incoming> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', origin),
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
};

export const writeReply = (res: ServerResponse, reply: Reply, intuitTid: string): void => {
  res.writeHead(reply.status, { ...reply.headers, intuit_tid: intuitTid });
  res.end(reply.body);
};

export const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export const parseJsonObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const escapeHtml = (value: unknown): string =>
  String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
