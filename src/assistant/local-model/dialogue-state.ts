import { classifyIntent } from '../language/intent.js';
import { type ConversationView, lastEvent, shownProducts } from './conversation-view.js';
import { chooseVariant, type ShownVariant, type VariantWish, wishOf } from './variant-choice.js';

/**
 * The question the assistant's last reply left open, which the shopper's next message may answer
 * before it is read as a new request:
 * - `choose_variant`: "Which color would you like for X?" after an add;
 * - `outside_bound`: "X in M costs $50.88, more than the $50.00 you asked for. Add it anyway?".
 */
export type PendingQuestion =
  | {
      readonly kind: 'choose_variant';
      readonly productId: string;
      readonly variants: readonly ShownVariant[];
      readonly quantity: number;
      readonly wish: VariantWish;
    }
  | { readonly kind: 'outside_bound'; readonly variantId: string; readonly quantity: number };

/**
 * The dialogue state the local model reads before a message: derived from the transcript, never
 * stored apart from it, so it is the same however many nodes serve the conversation.
 */
export interface DialogueState {
  readonly question: PendingQuestion | undefined;
}

/**
 * Reads the dialogue state. The previous turn left a question when the shopper asked to add a
 * product, its details were fetched, nothing was added, and picking the variant again from that
 * turn's own words comes out ambiguous or outside the shopper's price bound.
 */
export function dialogueState(view: ConversationView): DialogueState {
  return { question: pendingQuestion(view) };
}

function pendingQuestion(view: ConversationView): PendingQuestion | undefined {
  const asked = view.previousUserText;
  if (asked === '' || view.previousTurnEvents.some((event) => event.toolName === 'add_to_cart'))
    return undefined;
  const detail = [...view.previousTurnEvents].reverse().find((event) => event.toolName === 'get_product');
  const product = detail?.output?.product as { productId?: string; variants?: ShownVariant[] } | undefined;
  if (product?.productId === undefined || product.variants === undefined) return undefined;
  const intent = classifyIntent(asked, {
    hasShownProducts: shownProducts(view).length > 0,
    hasPendingConfirmation: false,
  });
  if (intent.kind !== 'add_to_cart') return undefined;
  const lastSearch = lastEvent(view, ['search_products'], false)?.input ?? {};
  const wish = wishOf(intent.constraints, lastSearch);
  const quantity = intent.quantity;
  const choice = chooseVariant(product.variants, wish);
  if (choice.kind === 'ambiguous') {
    return {
      kind: 'choose_variant',
      productId: product.productId,
      variants: product.variants,
      quantity,
      wish,
    };
  }
  if (choice.kind === 'outside_bound')
    return { kind: 'outside_bound', variantId: choice.variant.variantId, quantity };
  return undefined;
}
