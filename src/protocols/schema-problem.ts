import type { ErrorObject } from 'ajv/dist/2020.js';

/** One problem with a document, as a JSON path and what is wrong there. */
export interface SchemaProblem {
  readonly param: string;
  readonly message: string;
}

/** The first error ajv reported, as a JSON path (`$.line_items[0].id`) and what is wrong there. */
export function describeProblem(error: ErrorObject | undefined): SchemaProblem {
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
