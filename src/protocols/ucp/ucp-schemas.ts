import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describeProblem, type SchemaProblem } from '../schema-problem.js';
import spec from './spec/ucp-schemas.json' with { type: 'json' };

/**
 * Which side of an exchange a document is. The spec's schemas serve both: `ucp_request`
 * annotations say, per request operation, which fields are omitted, required or optional, and
 * `ucp_response` which fields a business never answers (a credential's token).
 */
export type Direction = 'create' | 'update' | 'complete' | 'response';

/** The documents this server validates. */
export type UcpDocument =
  | 'checkout.create'
  | 'checkout.update'
  | 'checkout.complete'
  | 'cart.create'
  | 'cart.update'
  | 'catalog.search'
  | 'catalog.lookup'
  | 'catalog.product'
  | 'checkout'
  | 'cart'
  | 'order'
  | 'catalog.search.response'
  | 'catalog.lookup.response'
  | 'catalog.product.response'
  | 'error'
  | 'profile';

const BASE = 'https://ucp.dev/schemas/';
const base = (direction: Direction) => `https://ucp.dev/${direction}/schemas/`;

/**
 * The capabilities this server composes onto checkout and cart: each extension's schema is an
 * `allOf` over the base, so an instance valid for all of them carries every extension's fields.
 */
const COMPOSED: Record<UcpDocument, { direction: Direction; refs: readonly string[] }> = {
  'checkout.create': {
    direction: 'create',
    refs: [
      'shopping/discount.json#/$defs/dev.ucp.shopping.checkout',
      'shopping/fulfillment.json#/$defs/dev.ucp.shopping.checkout',
      'shopping/cart.json#/$defs/checkout',
    ],
  },
  'checkout.update': {
    direction: 'update',
    refs: [
      'shopping/discount.json#/$defs/dev.ucp.shopping.checkout',
      'shopping/fulfillment.json#/$defs/dev.ucp.shopping.checkout',
    ],
  },
  'checkout.complete': { direction: 'complete', refs: ['shopping/checkout.json'] },
  'cart.create': { direction: 'create', refs: ['shopping/discount.json#/$defs/dev.ucp.shopping.cart'] },
  'cart.update': { direction: 'update', refs: ['shopping/discount.json#/$defs/dev.ucp.shopping.cart'] },
  'catalog.search': { direction: 'create', refs: ['shopping/catalog_search.json#/$defs/search_request'] },
  'catalog.lookup': { direction: 'create', refs: ['shopping/catalog_lookup.json#/$defs/lookup_request'] },
  'catalog.product': {
    direction: 'create',
    refs: ['shopping/catalog_lookup.json#/$defs/get_product_request'],
  },
  checkout: {
    direction: 'response',
    refs: [
      'shopping/discount.json#/$defs/dev.ucp.shopping.checkout',
      'shopping/fulfillment.json#/$defs/dev.ucp.shopping.checkout',
      'shopping/cart.json#/$defs/checkout',
    ],
  },
  cart: { direction: 'response', refs: ['shopping/discount.json#/$defs/dev.ucp.shopping.cart'] },
  order: { direction: 'response', refs: ['shopping/order.json'] },
  'catalog.search.response': {
    direction: 'response',
    refs: ['shopping/catalog_search.json#/$defs/search_response'],
  },
  'catalog.lookup.response': {
    direction: 'response',
    refs: ['shopping/catalog_lookup.json#/$defs/lookup_response'],
  },
  'catalog.product.response': {
    direction: 'response',
    refs: ['shopping/catalog_lookup.json#/$defs/get_product_response'],
  },
  error: { direction: 'response', refs: ['common/types/error_response.json'] },
  profile: { direction: 'response', refs: ['profile.json#/$defs/business_schema'] },
};

/** Validates UCP documents against the vendored schemas, resolved for their direction. */
export interface UcpSchemas {
  /** The first problem with `value` as `document`, or undefined when it is valid. */
  check(document: UcpDocument, value: unknown): SchemaProblem | undefined;
}

/** Loads the spec once per direction; each document's validator is compiled on first use. */
export function createUcpSchemas(): UcpSchemas {
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  addFormats.default(ajv);
  for (const direction of ['create', 'update', 'complete', 'response'] as const) {
    for (const document of Object.values(spec.documents))
      ajv.addSchema(resolveFor(document, direction) as object);
  }
  const validators = new Map<UcpDocument, ValidateFunction>();
  const validatorOf = (document: UcpDocument): ValidateFunction => {
    let validate = validators.get(document);
    if (validate === undefined) {
      const { direction, refs } = COMPOSED[document];
      validate = ajv.compile({ allOf: refs.map((ref) => ({ $ref: `${base(direction)}${ref}` })) });
      validators.set(document, validate);
    }
    return validate;
  };
  return {
    check(document, value) {
      const validate = validatorOf(document);
      if (validate(value)) return undefined;
      return describeProblem(validate.errors?.[0]);
    },
  };
}

/** What an annotation asks of a field in this direction: omit, required, optional or nothing. */
function ruleOf(schema: unknown, direction: Direction): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const annotation = (schema as Record<string, unknown>)[
    direction === 'response' ? 'ucp_response' : 'ucp_request'
  ];
  if (typeof annotation === 'string') return annotation;
  if (annotation !== null && typeof annotation === 'object')
    return (annotation as Record<string, string | undefined>)[direction];
  return undefined;
}

/**
 * A copy of a schema document as one direction sees it: omitted fields are gone (a business
 * ignores them), and `required` follows the annotations. The copy's `$id` moves under the
 * direction, so its relative `$ref`s resolve to the same direction's documents.
 */
export function resolveFor(node: unknown, direction: Direction): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveFor(item, direction));
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'ucp_request' || key === 'ucp_response' || key === 'properties') continue;
    copy[key] = resolveFor(value, direction);
  }
  const properties = source.properties;
  if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
    const required = new Set(Array.isArray(source.required) ? (source.required as string[]) : []);
    const kept: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(properties as Record<string, unknown>)) {
      const rule = ruleOf(schema, direction);
      if (rule === 'omit') {
        required.delete(name);
        continue;
      }
      if (rule === 'required') required.add(name);
      if (rule === 'optional') required.delete(name);
      kept[name] = resolveFor(schema, direction);
    }
    copy.properties = kept;
    if (Array.isArray(source.required) || required.size > 0) copy.required = [...required];
  }
  if (typeof copy.$id === 'string' && copy.$id.startsWith(BASE))
    copy.$id = base(direction) + copy.$id.slice(BASE.length);
  return copy;
}
