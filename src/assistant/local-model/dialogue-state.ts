import { extractConstraints } from '../language/constraints.js';
import { classifyIntent } from '../language/intent.js';
import {
  type ConversationView,
  type ShownProduct,
  shownProducts,
  statedSearch,
} from './conversation-view.js';
import {
  chooseVariant,
  mergeWish,
  optionsNamed,
  type ShownVariant,
  type VariantWish,
  wishOf,
} from './variant-choice.js';

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

/** The confirmation the previous turn asked for, if that turn ended with one. */
export interface PendingConfirmation {
  readonly id: string;
  readonly summary: string;
}

/**
 * The dialogue state the local model reads before each step: derived from the transcript, never
 * stored apart from it, so it is the same however many nodes serve the conversation.
 */
export interface DialogueState {
  /** The question the last reply left open. */
  readonly question: PendingQuestion | undefined;
  /** The product list shown most recently (a search page or a comparison): "the second", "the red one". */
  readonly shown: readonly ShownProduct[];
  /** The product talked about most recently (details fetched or added): "it", "that one". */
  readonly focus: ShownProduct | undefined;
  /** The action waiting for the shopper's yes. */
  readonly pending: PendingConfirmation | undefined;
  /** The input of the search the shopper last asked for (statedSearch): what a refinement builds on. */
  readonly search: Record<string, unknown> | undefined;
}

/**
 * Reads the dialogue state. A question is open after a turn that asked to add a product (or
 * answered the question before by naming more of its options), fetched its details, added nothing,
 * and whose variant pick, redone from the words said so far, comes out ambiguous or outside the
 * shopper's price bound. Answers chain: "add the second one", "42码", "黑色" adds the black 42.
 */
export function dialogueState(view: ConversationView): DialogueState {
  const search = statedSearch(view);
  let question: PendingQuestion | undefined;
  for (const turn of view.turns) question = questionAfter(question, turn, view, search ?? {});
  return {
    question,
    shown: shownProducts(view),
    focus: focusOf(view),
    pending: previousPending(view),
    search,
  };
}

/** The latest product whose details were fetched, unless a list was shown after it ("add it" then means that list). */
function focusOf(view: ConversationView): ShownProduct | undefined {
  const events = [...view.pastEvents, ...view.turnEvents];
  const latest = events.findLast(
    (event) =>
      event.output?.ok === true &&
      (event.toolName === 'search_products' ||
        event.toolName === 'compare_products' ||
        (event.toolName === 'get_product' && event.output.product !== undefined)),
  );
  const product =
    latest?.toolName === 'get_product' ? (latest.output?.product as Record<string, unknown>) : undefined;
  if (product === undefined) return undefined;
  return {
    ref: 0,
    productId: String(product.productId),
    variantId: null,
    title: String(product.title),
    brand: null,
    price: product.price as ShownProduct['price'],
    rating: null,
    inStock: true,
    options: {},
  };
}

function previousPending(view: ConversationView): PendingConfirmation | undefined {
  for (let index = view.previousTurnEvents.length - 1; index >= 0; index -= 1) {
    const output = view.previousTurnEvents[index]?.output;
    if (output?.needsConfirmation === true) {
      const pending = output.pendingConfirmation as PendingConfirmation;
      return { id: pending.id, summary: pending.summary };
    }
  }
  return undefined;
}

function questionAfter(
  open: PendingQuestion | undefined,
  turn: ConversationView['turns'][number],
  view: ConversationView,
  lastSearch: Record<string, unknown>,
): PendingQuestion | undefined {
  if (turn.events.some((event) => event.toolName === 'add_to_cart')) return undefined;
  const detail = [...turn.events].reverse().find((event) => event.toolName === 'get_product');
  const product = detail?.output?.product as { productId?: string; variants?: ShownVariant[] } | undefined;
  if (product?.productId === undefined || product.variants === undefined) return undefined;
  let wish: VariantWish;
  let quantity: number;
  const named =
    open?.kind === 'choose_variant' && open.productId === product.productId
      ? optionsNamed(turn.userText, open.variants, extractConstraints(turn.userText))
      : {};
  if (open?.kind === 'choose_variant' && Object.keys(named).length > 0) {
    wish = mergeWish(open.wish, named);
    quantity = open.quantity;
  } else {
    const intent = classifyIntent(turn.userText, {
      hasShownProducts: shownProducts(view).length > 0,
      hasPendingConfirmation: false,
    });
    if (intent.kind !== 'add_to_cart') return undefined;
    wish = wishOf(intent.constraints, lastSearch);
    quantity = intent.quantity;
  }
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
