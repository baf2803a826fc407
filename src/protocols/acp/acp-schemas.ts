import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import spec from './spec/schema.agentic_checkout.2026-04-17.json' with { type: 'json' };

/** The spec's definitions this server validates against. */
export type AcpDefinition =
  | 'CheckoutSessionCreateRequest'
  | 'CheckoutSessionUpdateRequest'
  | 'CheckoutSessionCompleteRequest'
  | 'CancelSessionRequest'
  | 'CheckoutSession'
  | 'CheckoutSessionWithOrder'
  | 'DiscoveryResponse'
  | 'Error';

/** One problem with a document, as a JSON path and what is wrong there. */
export interface SchemaProblem {
  readonly param: string;
  readonly message: string;
}

/** Validates documents against the ACP 2026-04-17 JSON Schema (vendored unchanged in ./spec). */
export interface AcpSchemas {
  /** The first problem with `value` as `definition`, or undefined when it is valid. */
  check(definition: AcpDefinition, value: unknown): SchemaProblem | undefined;
}

/** Compiles the spec once; each definition's validator is compiled on first use. */
export function createAcpSchemas(): AcpSchemas {
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  addFormats.default(ajv);
  ajv.addSchema(spec);
  const validators = new Map<AcpDefinition, ValidateFunction>();
  const validatorOf = (definition: AcpDefinition): ValidateFunction => {
    let validate = validators.get(definition);
    if (validate === undefined) {
      validate = ajv.getSchema(`${spec.$id}#/$defs/${definition}`);
      if (validate === undefined) throw new Error(`the ACP schema has no definition ${definition}`);
      validators.set(definition, validate);
    }
    return validate;
  };
  return {
    check(definition, value) {
      const validate = validatorOf(definition);
      if (validate(value)) return undefined;
      return describe(validate.errors?.[0]);
    },
  };
}

function describe(error: ErrorObject | undefined): SchemaProblem {
  if (error === undefined) return { param: '$', message: 'is not valid' };
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
      : '';
  return { param: `$${path}`, message: `${error.message ?? 'is not valid'}${extra}` };
}
