import { formatMoney } from '../../../shared/money.js';
import { type Constraints, extractConstraints } from '../../language/constraints.js';
import type { Intent } from '../../language/intent.js';
import { ACTION_WORDS, isPlainYes } from '../../language/plain-yes.js';
import type { Reference } from '../../language/references.js';
import type { PendingQuestion } from '../dialogue-state.js';
import { cartReply, failureReply } from '../replies.js';
import { type Json, type Plan, resolveProducts, type Step, text } from '../step.js';
import {
  chooseVariant,
  mergeWish,
  optionOf,
  optionsNamed,
  type ShownVariant,
  type VariantWish,
  wishOf,
} from '../variant-choice.js';

/** What answering the last question fixed: the product, the options named so far, or the variant. */
interface Answer {
  readonly productId?: string;
  readonly wish?: VariantWish;
  readonly variantId?: string;
}

/** A reference to nothing shown: the product comes from the question being answered. */
const NO_REFERENCE: Reference = { positions: [], pronoun: false, nameWords: [] };

/**
 * Answers the open question of the last reply, if the message does: options named after "which
 * color?" ("red", "the 42 in black"), or a yes to a variant outside the shopper's price bound.
 * Returns undefined when the message is not an answer, so it is read as a new request.
 */
export function answerQuestion(
  step: Step,
  question: PendingQuestion | undefined,
  intent: Intent,
): Plan | undefined {
  const said = step.view.userText;
  if (question?.kind === 'choose_variant') {
    const constraints = extractConstraints(said);
    const named = optionsNamed(said, question.variants, constraints);
    const short = (said.match(/[\p{L}\p{N}]+/gu) ?? []).length <= 4;
    if ((short || intent.kind === 'add_to_cart') && Object.keys(named).length > 0) {
      return addToCart(step, NO_REFERENCE, question.quantity, constraints, {
        productId: question.productId,
        wish: mergeWish(question.wish, named),
      });
    }
  }
  if (question?.kind === 'outside_bound' && isPlainYes(said, ACTION_WORDS.add_to_cart)) {
    return addToCart(step, NO_REFERENCE, question.quantity, extractConstraints(''), {
      variantId: question.variantId,
    });
  }
  return undefined;
}

/**
 * Adds the product a reference (or the answered question) points at: its details first, then the
 * variant the wish picks, asking when the pick is ambiguous or outside the price bound the shopper
 * gave, or adding `answer.variantId` outright once the shopper said yes to that.
 */
export function addToCart(
  step: Step,
  reference: Reference,
  quantity: number,
  constraints: Constraints,
  answer?: Answer,
): Plan {
  const added = step.ran('add_to_cart');
  if (added !== undefined) {
    const line = added.output?.added as Json | undefined;
    const lead = line === undefined ? 'Added. ' : `Added ${quantity} × ${String(line.title)} to your cart. `;
    return text(cartReply(added.output?.cart as Json, lead));
  }
  if (answer?.variantId !== undefined)
    return step.call('add_to_cart', { variantId: answer.variantId, quantity });
  const detail = step.ran('get_product');
  if (detail === undefined) {
    const productId = answer?.productId ?? resolveProducts(step.state, reference)[0]?.productId;
    if (productId === undefined)
      return text('Which product should I add? Tell me its number in the list or its name.');
    return step.call('get_product', { productId });
  }
  const product = detail.output?.product as Json | undefined;
  if (product === undefined) return text(failureReply(detail));
  const variants = (product.variants as ShownVariant[] | undefined) ?? [];
  const title = String(product.title);
  const wish = answer?.wish ?? wishOf(constraints, step.state.search ?? {});
  const choice = chooseVariant(variants, wish);
  switch (choice.kind) {
    case 'not_offered':
      return text(`**${title}** is not available in ${choice.values.join('/')}. ${inStockOptions(variants)}`);
    case 'out_of_stock':
      return text(`Sorry, **${title}** is out of stock in that option.`);
    case 'ambiguous': {
      const choices = choice.options
        .map((name) => `${name}: ${distinct(choice.inStock.map((variant) => optionOf(variant, name)))}`)
        .join('; ');
      return text(
        `Which ${choice.options.join(' and ')} would you like for **${title}**? In stock: ${choices}.`,
      );
    }
    case 'outside_bound': {
      const options = Object.values(choice.variant.options).join(', ');
      const price = choice.variant.price === undefined ? '' : ` costs ${formatMoney(choice.variant.price)},`;
      return text(
        `**${title}**${options === '' ? '' : ` in ${options}`}${price} ${choice.bound}. Shall I add it anyway? Reply "yes" to add it.`,
      );
    }
    case 'chosen':
      return step.call('add_to_cart', { variantId: choice.variant.variantId, quantity });
  }
}

/** The options in stock, as "color: red, black; size: M, L." */
function inStockOptions(variants: readonly ShownVariant[]): string {
  const inStock = variants.filter((variant) => variant.stock > 0);
  const names = new Set(variants.flatMap((variant) => Object.keys(variant.options)));
  const parts = [...names].map(
    (name) => `${name}: ${distinct(inStock.map((variant) => variant.options[name]))}`,
  );
  return parts.length === 0 ? '' : `In stock: ${parts.join('; ')}.`;
}

/** At most 12 distinct values, comma separated. */
function distinct(values: readonly (string | undefined)[]): string {
  return [...new Set(values)].slice(0, 12).join(', ');
}
