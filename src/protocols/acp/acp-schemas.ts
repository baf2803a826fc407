import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describeProblem, type SchemaProblem } from '../schema-problem.js';
import spec from './spec/schema.agentic_checkout.2026-04-17.json' with { type: 'json' };
import delegateSpec from './spec/schema.delegate_payment.2026-04-17.json' with { type: 'json' };

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

/** The delegated payment schema's definitions this server validates against. */
export type DelegateDefinition = 'DelegatePaymentRequest' | 'DelegatePaymentResponse' | 'DelegateError';

/**
 * Validates documents against the ACP 2026-04-17 JSON Schemas of checkout and of delegated
 * payment (vendored unchanged in ./spec). The delegated payment's `Error` is `DelegateError` here.
 */
export interface AcpSchemas {
  /** The first problem with `value` as `definition`, or undefined when it is valid. */
  check(definition: AcpDefinition | DelegateDefinition, value: unknown): SchemaProblem | undefined;
}

/** Where each definition lives: its schema's `$id` and its name there. */
function locate(definition: AcpDefinition | DelegateDefinition): string {
  if (definition === 'DelegateError') return `${delegateSpec.$id}#/$defs/Error`;
  if (definition.startsWith('DelegatePayment')) return `${delegateSpec.$id}#/$defs/${definition}`;
  return `${spec.$id}#/$defs/${definition}`;
}

/** Compiles the spec once; each definition's validator is compiled on first use. */
export function createAcpSchemas(): AcpSchemas {
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  addFormats.default(ajv);
  ajv.addSchema(spec);
  ajv.addSchema(delegateSpec);
  const validators = new Map<string, ValidateFunction>();
  const validatorOf = (definition: AcpDefinition | DelegateDefinition): ValidateFunction => {
    let validate = validators.get(definition);
    if (validate === undefined) {
      validate = ajv.getSchema(locate(definition));
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
