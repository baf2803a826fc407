import fc, { type Arbitrary } from 'fast-check';

/** The JSON Schema keywords the OpenAPI document's request bodies use (zod's output). */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
}

/** Text with real control bytes, mixed into generated strings: a NUL must get a 400, never a 5xx. */
const HOSTILE = fc.constantFrom('\u0000', 'a\u0000b', 'bell\u0007', '\u001b[31m', 'del\u007f');

/**
 * Values that satisfy `schema` (so a request gets past validation into the handlers), except that
 * one string in ten carries a control byte. Unknown keywords are ignored; `oneOf` is treated as
 * `anyOf`, which may produce a value matching two branches (the route then refuses it, a 4xx).
 */
export function arbitraryOf(schema: JsonSchema, depth = 0): Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches !== undefined) return fc.oneof(...branches.map((branch) => arbitraryOf(branch, depth + 1)));
  if (schema.allOf !== undefined)
    return arbitraryOf(Object.assign({}, ...schema.allOf) as JsonSchema, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectOf(schema, depth);
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4),
      });
    case 'string':
      return stringOf(schema);
    case 'integer':
      return fc.integer({ min: lower(schema, -1_000_000), max: upper(schema, 1_000_000) });
    case 'number':
      return fc.double({
        min: lower(schema, -1e6),
        max: upper(schema, 1e6),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(schema: JsonSchema, depth: number): Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const shape: Record<string, Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) shape[name] = arbitraryOf(property, depth + 1);
  const known = fc.record(shape, { requiredKeys: [...required].filter((name) => name in shape) });
  // A record (`propertyNames` + `additionalProperties` schema): a few entries of its own.
  if (Object.keys(properties).length === 0 && typeof schema.additionalProperties === 'object') {
    return fc.dictionary(
      schema.propertyNames === undefined
        ? fc.string({ minLength: 1, maxLength: 12 })
        : (stringOf(schema.propertyNames) as Arbitrary<string>),
      arbitraryOf(schema.additionalProperties, depth + 1),
      { maxKeys: 3 },
    );
  }
  return known;
}

function stringOf(schema: JsonSchema): Arbitrary<unknown> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, minLength + 40);
  let valid: Arbitrary<string>;
  if (schema.format === 'email') valid = fc.emailAddress();
  else if (schema.format === 'date-time')
    valid = fc
      .date({ noInvalidDate: true, min: new Date(0), max: new Date(4102444800000) })
      .map((date) => date.toISOString());
  else if (schema.format === 'uri') valid = fc.webUrl();
  else if (schema.pattern !== undefined) valid = fc.stringMatching(new RegExp(schema.pattern));
  else valid = fc.string({ minLength, maxLength });
  const fits = valid.filter(
    (text) => text.length >= minLength && text.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY),
  );
  return fc.oneof({ arbitrary: fits, weight: 9 }, { arbitrary: HOSTILE, weight: 1 });
}

function lower(schema: JsonSchema, fallback: number): number {
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + 1;
  return Math.max(schema.minimum ?? fallback, fallback);
}

function upper(schema: JsonSchema, fallback: number): number {
  if (schema.exclusiveMaximum !== undefined) return schema.exclusiveMaximum - 1;
  return Math.min(schema.maximum ?? fallback, fallback);
}
