/** A run of text on a page, `x`/`y` in points from the bottom left corner. */
export interface PdfText {
  x: number;
  y: number;
  text: string;
  size?: number;
  bold?: boolean;
}

export const PAGE_WIDTH = 612; // US Letter, in points
export const PAGE_HEIGHT = 792;

const DEFAULT_FONT_SIZE = 10;
const FIRST_PAGE_OBJECT = 5; // 1 catalog, 2 page tree, 3 and 4 the fonts, then page + contents pairs

// The standard 14 fonts need no embedding; WinAnsiEncoding is Latin-1 outside 0x80–0x9F.
const FONTS = ['Helvetica', 'Helvetica-Bold'];

const isWinAnsiSafe = (code: number) => (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff);

/** A PDF literal string: `\`, `(` and `)` escaped; characters Helvetica cannot show become `?`. */
export const pdfString = (text: string): string => {
  const body = [...text]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (char === '\\' || char === '(' || char === ')') return `\\${char}`;
      if (char === '\n' || char === '\r' || char === '\t') return ' ';
      return isWinAnsiSafe(code) ? char : '?';
    })
    .join('');
  return `(${body})`;
};

const number = (value: number) => String(Math.round(value * 100) / 100);

const contentStream = (texts: readonly PdfText[]) =>
  texts
    .map(
      (run) =>
        `BT /${run.bold ? 'F2' : 'F1'} ${number(run.size ?? DEFAULT_FONT_SIZE)} Tf ${number(run.x)} ${number(run.y)} Td ${pdfString(run.text)} Tj ET`,
    )
    .join('\n');

// Every string here holds only characters below 0x100, so its length is its size in Latin-1 bytes.
const streamObject = (data: string) => `<< /Length ${data.length} >>\nstream\n${data}\nendstream`;

/** Object n is at index n − 1; the document information dictionary comes last. */
const documentObjects = (pages: readonly (readonly PdfText[])[], title: string): string[] => {
  const pageIds = pages.map((_, index) => FIRST_PAGE_OBJECT + index * 2);
  const fontResources = FONTS.map((_, index) => `/F${index + 1} ${index + 3} 0 R`).join(' ');
  return [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    ...FONTS.map((font) => `<< /Type /Font /Subtype /Type1 /BaseFont /${font} /Encoding /WinAnsiEncoding >>`),
    ...pages.flatMap((texts, index) => [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << ${fontResources} >> >> /Contents ${(pageIds[index] ?? 0) + 1} 0 R >>`,
      streamObject(contentStream(texts)),
    ]),
    `<< /Title ${pdfString(title)} /Producer (QuickBooks Online emulator) >>`,
  ];
};

const xrefEntry = (offset: number) => `${String(offset).padStart(10, '0')} 00000 n \n`;

/** A minimal PDF 1.4: one content stream per page, Helvetica, and an exact cross-reference table. */
export const renderPdf = (pages: readonly (readonly PdfText[])[], title: string): Buffer => {
  const objects = documentObjects(pages.length === 0 ? [[]] : pages, title);
  // The second line's high bytes tell transfer tools the file is binary (PDF 1.4 §3.4.1).
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets = objects.map((body, index) => {
    const offset = out.length;
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xrefOffset = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map(xrefEntry).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\n`;
  out += `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
};
