import { queryParserError } from './faults';

export type Literal = string | number | boolean;
type Operator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';

export interface Condition {
  field: string;
  operator: Operator;
  values: Literal[];
}

export interface OrderTerm {
  field: string;
  descending: boolean;
}

interface ParsedQuery {
  count: boolean;
  entity: string;
  where: Condition[];
  orderBy: OrderTerm[];
  startPosition?: number;
  maxResults?: number;
}

type TokenKind = 'word' | 'string' | 'number' | 'symbol' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  column: number;
}

const SYMBOLS = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ',', '*'];

const lexicalError = (column: number, char: string) =>
  queryParserError(
    `Lexical error at line 1, column ${column}.  Encountered: "${char}" (${char.codePointAt(0)}), after : ""`,
  );

const readString = (text: string, start: number): { value: string; end: number } => {
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (char === '\\' && index + 1 < text.length) {
      value += text[index + 1];
      index += 2;
    } else if (char === "'") {
      return { value, end: index + 1 };
    } else {
      value += char;
      index += 1;
    }
  }
  throw lexicalError(start + 1, "'");
};

const tokenize = (text: string): Token[] => {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const rest = text.slice(index);
    const space = /^\s+/.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    const symbol = SYMBOLS.find((candidate) => rest.startsWith(candidate));
    if (space) {
      index += space[0].length;
    } else if (rest.startsWith("'")) {
      const { value, end } = readString(text, index);
      tokens.push({ kind: 'string', text: value, column: index + 1 });
      index = end;
    } else if (word || number || symbol) {
      const matched = word?.[0] ?? number?.[0] ?? symbol ?? '';
      tokens.push({ kind: word ? 'word' : number ? 'number' : 'symbol', text: matched, column: index + 1 });
      index += matched.length;
    } else {
      throw lexicalError(index + 1, rest[0] ?? '');
    }
  }
  tokens.push({ kind: 'end', text: '<EOF>', column: text.length + 1 });
  return tokens;
};

const createCursor = (tokens: Token[]) => {
  let position = 0;
  const peek = (): Token => tokens[position] ?? { kind: 'end', text: '<EOF>', column: 0 };
  const fail = (expected: string): never => {
    const token = peek();
    throw queryParserError(
      `Encountered " ${token.kind === 'end' ? '<EOF>' : `"${token.text}"`} " at line 1, column ${token.column}. Was expecting: ${expected}`,
    );
  };
  const isKeyword = (keyword: string, offset = 0) => {
    const token = tokens[position + offset];
    return token?.kind === 'word' && token.text.toUpperCase() === keyword;
  };
  const next = (): Token => {
    const token = peek();
    position += 1;
    return token;
  };
  const expectKeyword = (keyword: string) => (isKeyword(keyword) ? next() : fail(keyword));
  const isSymbol = (symbol: string) => peek().kind === 'symbol' && peek().text === symbol;
  const expectSymbol = (symbol: string) => (isSymbol(symbol) ? next() : fail(`"${symbol}"`));
  return { peek, next, fail, isKeyword, isSymbol, expectKeyword, expectSymbol };
};

type Cursor = ReturnType<typeof createCursor>;

const parseLiteral = (cursor: Cursor): Literal => {
  const token = cursor.peek();
  if (token.kind === 'string') return cursor.next().text;
  if (token.kind === 'number') return Number(cursor.next().text);
  if (cursor.isKeyword('TRUE') || cursor.isKeyword('FALSE'))
    return cursor.next().text.toLowerCase() === 'true';
  return cursor.fail('a quoted string, number, true or false');
};

const parseField = (cursor: Cursor): string =>
  cursor.peek().kind === 'word' ? cursor.next().text : cursor.fail('a property name');

const parseInList = (cursor: Cursor): Literal[] => {
  cursor.expectSymbol('(');
  const values = [parseLiteral(cursor)];
  while (cursor.isSymbol(',')) {
    cursor.next();
    values.push(parseLiteral(cursor));
  }
  cursor.expectSymbol(')');
  return values;
};

const COMPARISONS = new Set(['=', '<', '>', '<=', '>=']);

const parseCondition = (cursor: Cursor): Condition => {
  const field = parseField(cursor);
  if (cursor.isKeyword('IN')) {
    cursor.next();
    return { field, operator: 'IN', values: parseInList(cursor) };
  }
  if (cursor.isKeyword('LIKE')) {
    cursor.next();
    const pattern = cursor.peek().kind === 'string' ? cursor.next().text : cursor.fail('a quoted string');
    return { field, operator: 'LIKE', values: [pattern] };
  }
  const operator = cursor.peek();
  if (operator.kind !== 'symbol' || !COMPARISONS.has(operator.text))
    return cursor.fail('"=", "<", ">", "<=", ">=", IN, LIKE');
  cursor.next();
  return { field, operator: operator.text as Operator, values: [parseLiteral(cursor)] };
};

const parseSelection = (cursor: Cursor): boolean => {
  cursor.expectKeyword('SELECT');
  if (cursor.isSymbol('*')) {
    cursor.next();
    return false;
  }
  cursor.expectKeyword('COUNT');
  cursor.expectSymbol('(');
  cursor.expectSymbol('*');
  cursor.expectSymbol(')');
  return true;
};

const parseWhere = (cursor: Cursor): Condition[] => {
  if (!cursor.isKeyword('WHERE')) return [];
  cursor.next();
  const conditions = [parseCondition(cursor)];
  while (cursor.isKeyword('AND')) {
    cursor.next();
    conditions.push(parseCondition(cursor));
  }
  return conditions;
};

const parseOrderBy = (cursor: Cursor): OrderTerm[] => {
  if (cursor.isKeyword('ORDER') && cursor.isKeyword('BY', 1)) cursor.next();
  else if (!cursor.isKeyword('ORDERBY')) return [];
  cursor.next();
  const terms: OrderTerm[] = [];
  do {
    if (terms.length > 0) cursor.next();
    const field = parseField(cursor);
    const descending = cursor.isKeyword('DESC');
    if (descending || cursor.isKeyword('ASC')) cursor.next();
    terms.push({ field, descending });
  } while (cursor.isSymbol(','));
  return terms;
};

const parsePositiveInteger = (cursor: Cursor): number => {
  const token = cursor.peek();
  const value = Number(token.text);
  return token.kind === 'number' && Number.isInteger(value) && value >= 0
    ? Number(cursor.next().text)
    : cursor.fail('an integer');
};

const parsePaging = (cursor: Cursor, query: ParsedQuery) => {
  for (;;) {
    if (cursor.isKeyword('STARTPOSITION') && query.startPosition === undefined) {
      cursor.next();
      query.startPosition = parsePositiveInteger(cursor);
    } else if (cursor.isKeyword('MAXRESULTS') && query.maxResults === undefined) {
      cursor.next();
      query.maxResults = parsePositiveInteger(cursor);
    } else {
      return;
    }
  }
};

/** Intuit's SQL-like query language: one entity, AND only, `%` wildcards, no projections. */
export const parseQuery = (text: string): ParsedQuery => {
  const cursor = createCursor(tokenize(text.trim()));
  const count = parseSelection(cursor);
  cursor.expectKeyword('FROM');
  const entity = cursor.peek().kind === 'word' ? cursor.next().text : cursor.fail('an entity name');
  const query: ParsedQuery = { count, entity, where: parseWhere(cursor), orderBy: parseOrderBy(cursor) };
  parsePaging(cursor, query);
  if (cursor.peek().kind !== 'end') cursor.fail('WHERE, ORDERBY, STARTPOSITION, MAXRESULTS or <EOF>');
  return query;
};
