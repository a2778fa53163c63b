import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A dead-letter sink for `npm start`: each letter is appended to a JSON-lines file (kept across
 * restarts, like an SQS dead-letter queue keeps its messages) and announced in one line.
 */
export const deadLetterFile =
  <Letter>(path: string, describe: (letter: Letter) => string) =>
  (letter: Letter) => {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${JSON.stringify(letter)}\n`);
    console.warn(`${describe(letter)}; kept in ${path}`);
  };
