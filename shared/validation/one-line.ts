import * as z from './zod';

// QuickBooks refuses control characters (tab, newline, NUL …) in the text fields Deskbooks writes
// (error 2040), so text bound for QuickBooks is refused here with a 400 instead of failing a sync later.
const isControlCharacter = (char: string) => {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
};

/** A check for a single line of text: no tab, newline or other control character. */
export const oneLine = () =>
  z.refine<string>(
    (text) => ![...text].some(isControlCharacter),
    'Use one line of text, without tabs or line breaks',
  );

/** Text as QuickBooks takes it: each control character (from data stored before `oneLine`) becomes a space. */
export const withoutControlCharacters = (text: string) =>
  [...text].map((char) => (isControlCharacter(char) ? ' ' : char)).join('');
