import { isRecord } from '../http';
import { PAGE_HEIGHT, type PdfText, renderPdf } from '../pdf-writer';
import type { Entity, RealmState } from '../store';
import { formatUsd } from './money';
import { refName, requireLive } from './validation';

const MARGIN = 50;
const ROW_HEIGHT = 14;
const TOP = PAGE_HEIGHT - MARGIN;
const BOTTOM = MARGIN + 40;
// Helvetica 10 pt averages about 5 pt a character: the description column holds ~55 of them.
const DESCRIPTION_CHARS = 55;
const COLUMNS = { description: MARGIN, qty: 360, rate: 420, amount: 500 } as const;

interface PrintedLine {
  description: string;
  qty: string;
  rate: string;
  amount: string;
}

/** Splits text into rows of at most `width` characters, at spaces where it can. */
const wrap = (text: string, width: number): string[] => {
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest !== ''; ) {
      const room = row === '' ? width : width - row.length - 1;
      if (rest.length <= room) {
        row = row === '' ? rest : `${row} ${rest}`;
        rest = '';
      } else if (row !== '') {
        rows.push(row);
        row = '';
      } else {
        rows.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  return row === '' ? (rows.length === 0 ? [''] : rows) : [...rows, row];
};

const printedLines = (invoice: Entity): PrintedLine[] =>
  (Array.isArray(invoice.Line) ? invoice.Line : [])
    .filter(isRecord)
    .filter((line) => line.DetailType !== 'SubTotalLineDetail')
    .map((line) => {
      const detail = isRecord(line.SalesItemLineDetail) ? line.SalesItemLineDetail : {};
      const isDiscount = line.DetailType === 'DiscountLineDetail';
      return {
        description: String(line.Description ?? (isDiscount ? 'Discount' : refName(detail.ItemRef))),
        qty: detail.Qty === undefined ? '' : String(detail.Qty),
        rate: detail.UnitPrice === undefined ? '' : formatUsd(detail.UnitPrice),
        amount:
          line.Amount === undefined ? '' : isDiscount ? `-${formatUsd(line.Amount)}` : formatUsd(line.Amount),
      };
    });

const headerTexts = (invoice: Entity, realm: RealmState): PdfText[] => [
  { x: MARGIN, y: TOP, text: realm.companyName, size: 16, bold: true },
  { x: 430, y: TOP, text: 'INVOICE', size: 20, bold: true },
  { x: MARGIN, y: TOP - 40, text: 'Bill to', bold: true },
  { x: MARGIN, y: TOP - 54, text: refName(invoice.CustomerRef) },
  { x: 380, y: TOP - 40, text: `Invoice no. ${String(invoice.DocNumber ?? '')}` },
  { x: 380, y: TOP - 54, text: `Date ${String(invoice.TxnDate ?? '')}` },
  { x: 380, y: TOP - 68, text: `Due date ${String(invoice.DueDate ?? '')}` },
];

const tableHead = (y: number): PdfText[] => [
  { x: COLUMNS.description, y, text: 'Description', bold: true },
  { x: COLUMNS.qty, y, text: 'Qty', bold: true },
  { x: COLUMNS.rate, y, text: 'Rate', bold: true },
  { x: COLUMNS.amount, y, text: 'Amount', bold: true },
];

const lineTexts = (line: PrintedLine, y: number): PdfText[] => [
  ...wrap(line.description, DESCRIPTION_CHARS).map((text, row) => ({
    x: COLUMNS.description,
    y: y - row * ROW_HEIGHT,
    text,
  })),
  { x: COLUMNS.qty, y, text: line.qty },
  { x: COLUMNS.rate, y, text: line.rate },
  { x: COLUMNS.amount, y, text: line.amount },
];

/** Lays the lines out top to bottom, starting a new page (with the column heads) when one is full. */
const layOut = (invoice: Entity, realm: RealmState): PdfText[][] => {
  const pages: PdfText[][] = [[...headerTexts(invoice, realm), ...tableHead(TOP - 110)]];
  let y = TOP - 110 - ROW_HEIGHT * 1.5;
  const room = (rows: number) => {
    if (y - (rows - 1) * ROW_HEIGHT >= BOTTOM) return;
    pages.push(tableHead(TOP));
    y = TOP - ROW_HEIGHT * 1.5;
  };
  const current = () => pages[pages.length - 1] ?? [];
  for (const line of printedLines(invoice)) {
    const rows = wrap(line.description, DESCRIPTION_CHARS).length;
    room(rows);
    current().push(...lineTexts(line, y));
    y -= rows * ROW_HEIGHT + 4;
  }
  room(3);
  current().push(
    { x: COLUMNS.rate, y: y - 10, text: 'Total', bold: true },
    { x: COLUMNS.amount, y: y - 10, text: formatUsd(invoice.TotalAmt), bold: true },
    { x: COLUMNS.rate, y: y - 10 - ROW_HEIGHT, text: 'Balance due' },
    { x: COLUMNS.amount, y: y - 10 - ROW_HEIGHT, text: formatUsd(invoice.Balance) },
  );
  return pages;
};

/** `GET /invoice/{id}/pdf`: the invoice as a printable PDF, Intuit's 610 when it does not exist. */
export const invoicePdf = (realm: RealmState, id: string): Buffer => {
  const invoice = requireLive(realm, 'Invoice', id);
  return renderPdf(layOut(invoice, realm), `Invoice ${String(invoice.DocNumber ?? invoice.Id)}`);
};
