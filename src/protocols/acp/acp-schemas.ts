import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describeProblem, type SchemaProblem } from '../schema-problem.js';
import spec from './spec/schema.agentic_checkout.2026-04-17.json' with { type: 'json' };

export type { SchemaProblem } from '../schema-problem.js';

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
      return describeProblem(validate.errors?.[0]);
    },
  };
}
