import * as fc from 'fast-check';

// fast-check arbitraries from the JSON Schemas of an OpenAPI document (the subset zod writes): values
// a schema accepts, and values one change away from accepted.

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  additionalProperties?: JsonSchema | boolean;
};

const MAX_ITEMS = 4;
const typesOf = (schema: JsonSchema) =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
/** `{ not: {} }` is how zod writes a field that must be absent. */
const isForbidden = (schema: JsonSchema) => schema.not !== undefined && Object.keys(schema.not).length === 0;

const stringOf = (schema: JsonSchema): fc.Arbitrary<string> => {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 40);
  const fitting = (text: string) => text.length >= min && text.length <= max;
  if (schema.pattern) {
    // Patterns fast-check cannot read (a lookahead) fall back to plain text, which the app may refuse.
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter(fitting);
    } catch {
      return fc.string({ minLength: min, maxLength: Math.min(max, 60) });
    }
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(max, 60) }),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 20) }).filter(fitting),
  );
};

const numberOf = (schema: JsonSchema, integer: boolean): fc.Arbitrary<number> => {
  const min =
    schema.minimum ?? (schema.exclusiveMinimum === undefined ? undefined : schema.exclusiveMinimum + 1);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum === undefined ? undefined : schema.exclusiveMaximum - 1);
  return integer
    ? fc.integer({ min: min ?? -1_000_000, max: max ?? 1_000_000 })
    : fc.double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true });
};

/** Values `schema` accepts. */
export const validValue = (schema: JsonSchema): fc.Arbitrary<unknown> => {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map(validValue));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type })));
  switch (types[0]) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? MAX_ITEMS, Math.max(schema.minItems ?? 0, MAX_ITEMS)),
      });
    case 'object':
      return objectOf(schema);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
};

const objectOf = (schema: JsonSchema) => {
  const properties = Object.entries(schema.properties ?? {}).filter(([, property]) => !isForbidden(property));
  const required = (schema.required ?? []).filter((name) => properties.some(([key]) => key === name));
  return fc.record(Object.fromEntries(properties.map(([name, property]) => [name, validValue(property)])), {
    requiredKeys: required,
  });
};

/** A value of another JSON type than any `schema` takes. */
const wrongType = (schema: JsonSchema): fc.Arbitrary<unknown> => {
  const types = new Set(typesOf(schema));
  const others: fc.Arbitrary<unknown>[] = [];
  if (!types.has('string')) others.push(fc.string({ maxLength: 10 }));
  if (!types.has('number') && !types.has('integer')) others.push(fc.integer());
  if (!types.has('boolean')) others.push(fc.boolean());
  if (!types.has('object')) others.push(fc.constant({}));
  if (!types.has('array')) others.push(fc.constant([]));
  if (!types.has('null')) others.push(fc.constant(null));
  return fc.oneof(...others);
};

/** Values `schema` refuses, one rule broken at a time; undefined when it accepts anything. */
export const invalidValue = (schema: JsonSchema): fc.Arbitrary<unknown> | undefined => {
  if (
    schema.anyOf ||
    schema.oneOf ||
    (typesOf(schema).length === 0 && !schema.enum && schema.const === undefined)
  )
    return undefined;
  const broken: fc.Arbitrary<unknown>[] = [wrongType(schema)];
  if (schema.enum || schema.const !== undefined) broken.push(fc.constant('not-one-of-the-choices'));
  if (schema.maxLength !== undefined) broken.push(fc.constant('x'.repeat(schema.maxLength + 1)));
  if (schema.minLength) broken.push(fc.constant(''));
  if (schema.pattern) broken.push(fc.constantFrom('\u0000', 'not valid!', '../../x'));
  if (schema.maximum !== undefined) broken.push(fc.constant(schema.maximum + 1));
  if (schema.minimum !== undefined) broken.push(fc.constant(schema.minimum - 1));
  if (typesOf(schema)[0] === 'integer') broken.push(fc.constant(1.5));
  if (typesOf(schema)[0] === 'object') {
    const object = invalidObject(schema);
    if (object) broken.push(object);
  }
  return fc.oneof(...broken);
};

/** A valid object with one field broken or one required field left out. */
const invalidObject = (schema: JsonSchema): fc.Arbitrary<unknown> | undefined => {
  const properties = Object.entries(schema.properties ?? {}).filter(([, property]) => !isForbidden(property));
  const breakable = properties.flatMap(([name, property]) => {
    const value = invalidValue(property);
    return value
      ? [
          fc.tuple(
            fc.constant(name),
            value.map((broken) => ({ broken })),
          ),
        ]
      : [];
  });
  const droppable = (schema.required ?? []).filter((name) => properties.some(([key]) => key === name));
  const changes = [
    ...breakable,
    ...(droppable.length ? [fc.tuple(fc.constantFrom(...droppable), fc.constant(undefined))] : []),
  ];
  if (!changes.length) return undefined;
  return fc.tuple(objectOf(schema), fc.oneof(...changes)).map(([object, [name, change]]) => {
    const copy: Record<string, unknown> = { ...object };
    if (change) copy[name] = change.broken;
    else delete copy[name];
    return copy;
  });
};
