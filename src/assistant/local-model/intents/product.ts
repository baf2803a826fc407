import type { ProductAspect } from '../../language/intent.js';
import { type Reference, resolveReference } from '../../language/references.js';
import { compareReply, productReply } from '../replies.js';
import { type Plan, resolveProducts, type Step, text, unresolved } from '../step.js';

/** Answers a question about one product ("what sizes does the second come in?") from its details. */
export function productQuestion(step: Step, reference: Reference, aspect: ProductAspect): Plan {
  const done = step.ran('get_product');
  if (done !== undefined) return text(productReply(done, aspect));
  const [target] = resolveProducts(step.state, reference);
  if (target === undefined) return text(unresolved(step.state, reference));
  return step.call('get_product', { productId: target.productId });
}

/** Compares the products named, or the first three shown when none is named. */
export function compare(step: Step, reference: Reference): Plan {
  const done = step.ran('compare_products');
  if (done !== undefined) return text(compareReply(done));
  const shown = step.state.shown;
  const targets = resolveReference(reference, shown);
  const picked = targets.length >= 2 ? targets : shown.slice(0, reference.positions.length === 0 ? 3 : 0);
  if (picked.length < 2) {
    return text(
      shown.length === 1
        ? 'I only showed one product. Search for more, then say for example "compare 1 and 3".'
        : 'Which products should I compare? For example: "compare 1 and 3".',
    );
  }
  return step.call('compare_products', { productIds: picked.slice(0, 4).map((item) => item.productId) });
}
