import { formatMoney } from '../../shared/money.js';
import { type Constraints, extractConstraints } from '../language/constraints.js';
import { classifyIntent, type Intent } from '../language/intent.js';
import { ACTION_WORDS, isPlainYes } from '../language/plain-yes.js';
import { parseReference, type Reference, resolveReference } from '../language/references.js';
import {
  type ConversationView,
  lastEvent,
  type ShownProduct,
  shownProducts,
  type ToolEvent,
} from './conversation-view.js';
import { dialogueState } from './dialogue-state.js';
import {
  CAPABILITIES,
  cartReply,
  compareReply,
  confirmationPrompt,
  confirmedReply,
  failureReply,
  offersReply,
  orderReply,
  ordersReply,
  productReply,
  searchReply,
  walletReply,
} from './replies.js';
import {
  chooseVariant,
  mergeWish,
  optionOf,
  optionsNamed,
  type ShownVariant,
  type VariantWish,
  wishOf,
} from './variant-choice.js';

/** The local model's next step: call one tool, or answer in words. */
export type Plan =
  | { type: 'tool'; toolName: string; input: Record<string, unknown> }
  | { type: 'text'; text: string };

type Json = Record<string, unknown>;

/** A reference to nothing shown: the product comes from the question being answered. */
const NO_REFERENCE: Reference = { positions: [], pronoun: false, nameWords: [] };

/** Decides the next step from the conversation. Pure and deterministic. */
export function plan(view: ConversationView, available: ReadonlySet<string>): Plan {
  const pending = previousPending(view);
  const intent = classifyIntent(view.userText, {
    hasShownProducts: shownProducts(view).length > 0 || lastEvent(view, ['get_product']) !== undefined,
    hasPendingConfirmation: pending !== undefined,
  });
  const step = new Step(view, available);

  // A confirmation request ends the turn: the shopper must answer it.
  const asked = view.turnEvents.find((event) => event.output?.needsConfirmation === true);
  if (asked !== undefined) {
    const summary = (asked.output?.pendingConfirmation as Json | undefined)?.summary;
    return text(confirmationPrompt(String(summary)));
  }
  const failed = view.turnEvents.find(
    (event) => event.output?.ok === false && event.output?.needs === undefined,
  );
  if (failed !== undefined && failed.toolName !== 'search_products') return text(failureReply(failed));

  // A message first answers the question the last reply asked, then is read as a new request.
  const { question } = dialogueState(view);
  if (question?.kind === 'choose_variant') {
    const said = extractConstraints(view.userText);
    const named = optionsNamed(view.userText, question.variants, said);
    const short = (view.userText.match(/[\p{L}\p{N}]+/gu) ?? []).length <= 4;
    if ((short || intent.kind === 'add_to_cart') && Object.keys(named).length > 0) {
      return step.addToCart(NO_REFERENCE, question.quantity, said, {
        productId: question.productId,
        wish: mergeWish(question.wish, named),
      });
    }
  }
  if (question?.kind === 'outside_bound' && isPlainYes(view.userText, ACTION_WORDS.add_to_cart)) {
    return step.addToCart(NO_REFERENCE, question.quantity, extractConstraints(''), {
      variantId: question.variantId,
    });
  }

  switch (intent.kind) {
    case 'search':
      return step.search(intent.query, intent.constraints, 0);
    case 'refine':
      return step.refine(intent.query, intent.constraints);
    case 'show_more': {
      const last = lastEvent(view, ['search_products']);
      if (last === undefined) return text('Tell me what you are looking for first.');
      const done = step.ran('search_products');
      if (done !== undefined) return text(searchReply(done, false));
      return step.call('search_products', { ...last.input, offset: Number(last.input.offset ?? 0) + 5 });
    }
    case 'product_question':
      return step.productQuestion(intent.reference, intent.aspect);
    case 'compare':
      return step.compare(intent.reference);
    case 'add_to_cart':
      return step.addToCart(intent.reference, intent.quantity, intent.constraints);
    case 'update_cart':
    case 'remove_from_cart':
      return step.changeCart(intent);
    case 'view_cart': {
      const done = step.ran('view_cart');
      return done === undefined ? step.call('view_cart', {}) : text(cartReply(done.output?.cart as Json, ''));
    }
    case 'list_offers': {
      const done = step.ran('list_offers');
      return done === undefined ? step.call('list_offers', {}) : text(offersReply(done));
    }
    case 'claim_coupon':
      return step.claim(intent.reference);
    case 'view_wallet': {
      const done = step.ran('view_wallet');
      return done === undefined ? step.call('view_wallet', {}) : text(walletReply(done));
    }
    case 'apply_coupon':
      return step.applyCoupon(intent.code);
    case 'checkout':
      return step.checkout(intent.address, intent.card);
    case 'confirm': {
      const done = step.ran('confirm_action');
      if (done !== undefined) return text(confirmedReply(done));
      if (pending === undefined)
        return text('There is nothing waiting for your confirmation. What would you like to do?');
      return step.call('confirm_action', { confirmationId: pending.id });
    }
    case 'decline':
      if (question !== undefined) return text('Okay, I have not added it. What would you like instead?');
      if (pending === undefined) return text('Okay. What would you like to do instead?');
      return text('Okay, I have not done it. What would you like to do instead?');
    case 'list_orders': {
      const done = step.ran('list_orders');
      return done === undefined ? step.call('list_orders', {}) : text(ordersReply(done));
    }
    case 'order_status':
      return step.orderStatus(intent.orderId);
    case 'cancel_order':
      return step.orderAction('cancel_order', intent.orderId, undefined);
    case 'return_items':
      return step.orderAction('return_items', intent.orderId, intent.reason);
    case 'handoff': {
      if (step.ran('handoff_to_human') !== undefined) {
        return text('I have asked a person from our team to join. They will reply here shortly.');
      }
      return step.call('handoff_to_human', { reason: 'The shopper asked for a person.' });
    }
    case 'greeting':
      return text(`Hi! ${CAPABILITIES} What are you shopping for?`);
    case 'thanks':
      return text('You are welcome! Anything else I can help with?');
    case 'help':
      return text(CAPABILITIES);
    case 'out_of_scope':
      return text(`I can't help with ${intent.topic}. ${CAPABILITIES}`);
  }
}

function text(value: string): Plan {
  return { type: 'text', text: value };
}

/** The pending confirmation the previous turn asked for, if that turn ended with one. */
function previousPending(view: ConversationView): { id: string; summary: string } | undefined {
  for (let index = view.previousTurnEvents.length - 1; index >= 0; index -= 1) {
    const output = view.previousTurnEvents[index]?.output;
    if (output?.needsConfirmation === true) {
      const pending = output.pendingConfirmation as { id: string; summary: string };
      return { id: pending.id, summary: pending.summary };
    }
  }
  return undefined;
}

/** Helpers bound to one planning step. */
class Step {
  constructor(
    private readonly view: ConversationView,
    private readonly available: ReadonlySet<string>,
  ) {}

  ran(name: string): ToolEvent | undefined {
    for (let index = this.view.turnEvents.length - 1; index >= 0; index -= 1) {
      const event = this.view.turnEvents[index];
      if (event?.toolName === name) return event;
    }
    return undefined;
  }

  call(toolName: string, input: Record<string, unknown>): Plan {
    if (!this.available.has(toolName)) {
      return text(
        `Sorry, I can't do that right now (${toolName.replaceAll('_', ' ')} is unavailable). ${CAPABILITIES}`,
      );
    }
    return { type: 'tool', toolName, input };
  }

  search(query: string, constraints: Constraints, offset: number): Plan {
    const searches = this.view.turnEvents.filter((event) => event.toolName === 'search_products');
    const last = searches.at(-1);
    if (last !== undefined) {
      const items = (last.output?.items as unknown[] | undefined) ?? [];
      const hadOptions = ['colors', 'sizes', 'materials'].some(
        (key) => (last.input[key] as unknown[] | undefined)?.length,
      );
      // Nothing matched the exact options: search again with them as words only.
      if (items.length === 0 && hadOptions && searches.length === 1) {
        return this.call('search_products', {
          ...last.input,
          colors: undefined,
          sizes: undefined,
          materials: undefined,
        });
      }
      const hadPrice = last.input.minPrice !== undefined || last.input.maxPrice !== undefined;
      const hadWords = String(last.input.query ?? '').trim() !== '';
      // Still nothing: drop the price range too, so the shopper sees what exists for their words.
      if (
        items.length === 0 &&
        hadPrice &&
        hadWords &&
        searches.length <= 2 &&
        Number(last.input.offset ?? 0) === 0
      ) {
        return this.call('search_products', {
          query: last.input.query,
          ...(last.input.sort === undefined ? {} : { sort: last.input.sort }),
        });
      }
      return text(searchReply(last, searches.length > 1 && items.length > 0));
    }
    return this.call('search_products', searchInput(query, constraints, offset));
  }

  refine(query: string, constraints: Constraints): Plan {
    if (this.view.turnEvents.some((event) => event.toolName === 'search_products'))
      return this.search(query, constraints, 0);
    const base = lastEvent(this.view, ['search_products'], false)?.input ?? {};
    const input: Record<string, unknown> = { ...base, offset: 0 };
    const extraWords = query
      .split(' ')
      .filter(
        (word) =>
          word !== '' &&
          !String(base.query ?? '')
            .split(' ')
            .includes(word),
      )
      .filter((word) => !/^(?:in|only|cheaper|stock|available|size|ones?|something|under|over)$/.test(word));
    const colorWords = new Set([
      ...constraints.colors,
      ...constraints.sizes.map((size) => size.toLowerCase()),
      ...constraints.materials,
    ]);
    const baseWords = String(base.query ?? '')
      .split(' ')
      .filter((word) => !(constraints.colors.length > 0 && isColorWord(word)));
    input.query = [
      ...baseWords,
      ...extraWords.filter((word) => !colorWords.has(word) || constraints.colors.length > 0),
    ]
      .join(' ')
      .trim();
    if (constraints.minPrice !== undefined) input.minPrice = constraints.minPrice;
    if (constraints.maxPrice !== undefined) input.maxPrice = constraints.maxPrice;
    if (constraints.colors.length > 0) input.colors = constraints.colors;
    if (constraints.sizes.length > 0) input.sizes = constraints.sizes;
    if (constraints.materials.length > 0) input.materials = constraints.materials;
    if (constraints.sort !== undefined) input.sort = constraints.sort;
    if (constraints.inStock !== undefined) input.inStock = constraints.inStock;
    if (constraints.priceMove !== undefined) {
      // "Cheaper" means cheaper than the middle of what was shown, closest prices first.
      const prices = shownProducts(this.view)
        .map((item) => item.price.amount)
        .sort((a, b) => a - b);
      const middle = prices[Math.floor((prices.length - 1) / 2)];
      if (middle !== undefined && constraints.priceMove === 'cheaper') {
        input.maxPrice = Math.max(0, middle - 1);
        input.sort = 'price_desc';
      } else if (middle !== undefined) {
        input.minPrice = middle + 1;
        input.sort = 'price_asc';
      }
      if (
        input.minPrice !== undefined &&
        input.maxPrice !== undefined &&
        Number(input.minPrice) > Number(input.maxPrice)
      ) {
        delete input.minPrice;
      }
    }
    return this.call('search_products', dropUndefined(input));
  }

  /** Products a reference points at: shown list first, then the product in focus. */
  resolve(reference: Reference): ShownProduct[] {
    const shown = shownProducts(this.view);
    const picked = resolveReference(reference, shown);
    if (picked.length > 0) return picked;
    const focus = lastEvent(this.view, ['get_product', 'add_to_cart']);
    const focusProduct = focus?.output?.product as Json | undefined;
    if (focusProduct !== undefined && (reference.pronoun || reference.nameWords.length === 0)) {
      return [
        {
          ref: 0,
          productId: String(focusProduct.productId),
          variantId: null,
          title: String(focusProduct.title),
          brand: null,
          price: focusProduct.price as ShownProduct['price'],
          rating: null,
          inStock: true,
          options: {},
        },
      ];
    }
    if (reference.positions.length === 0 && shown.length === 1 && shown[0] !== undefined) return [shown[0]];
    if (
      reference.positions.length === 0 &&
      reference.pronoun &&
      shown[0] !== undefined &&
      reference.nameWords.length === 0
    ) {
      return [shown[0]];
    }
    return [];
  }

  productQuestion(reference: Reference, aspect: Parameters<typeof productReply>[1]): Plan {
    const done = this.ran('get_product');
    if (done !== undefined) return text(productReply(done, aspect));
    const [target] = this.resolve(reference);
    if (target === undefined) return text(this.unresolved(reference));
    return this.call('get_product', { productId: target.productId });
  }

  /** Why a reference found nothing, in words. */
  unresolved(reference: Reference): string {
    const shown = shownProducts(this.view);
    if (reference.positions.length > 0 && shown.length > 0) {
      return `I only showed ${shown.length} product${shown.length === 1 ? '' : 's'}. Which one do you mean?`;
    }
    return 'Which product do you mean? Tell me its number in the list or its name.';
  }

  compare(reference: Reference): Plan {
    const done = this.ran('compare_products');
    if (done !== undefined) return text(compareReply(done));
    const targets = resolveReference(reference, shownProducts(this.view));
    const picked =
      targets.length >= 2
        ? targets
        : shownProducts(this.view).slice(0, reference.positions.length === 0 ? 3 : 0);
    if (picked.length < 2) return text('Which products should I compare? For example: "compare 1 and 3".');
    return this.call('compare_products', { productIds: picked.slice(0, 4).map((item) => item.productId) });
  }

  /**
   * Adds the product a reference (or, answering "which color?", the question) points at: its details
   * first, then the variant the wish picks, asking when the pick is ambiguous or outside the price
   * bound the shopper gave, or adding `variantId` outright once the shopper said yes to that.
   */
  addToCart(
    reference: Reference,
    quantity: number,
    constraints: Constraints,
    answer?: { productId?: string; wish?: VariantWish; variantId?: string },
  ): Plan {
    const added = this.ran('add_to_cart');
    if (added !== undefined) {
      const line = added.output?.added as Json | undefined;
      const lead =
        line === undefined ? 'Added. ' : `Added ${quantity} × ${String(line.title)} to your cart. `;
      return text(cartReply(added.output?.cart as Json, lead));
    }
    if (answer?.variantId !== undefined)
      return this.call('add_to_cart', { variantId: answer.variantId, quantity });
    const detail = this.ran('get_product');
    if (detail === undefined) {
      const productId = answer?.productId ?? this.resolve(reference)[0]?.productId;
      if (productId === undefined)
        return text('Which product should I add? Tell me its number in the list or its name.');
      return this.call('get_product', { productId });
    }
    const product = detail.output?.product as Json | undefined;
    if (product === undefined) return text(failureReply(detail));
    const variants = (product.variants as ShownVariant[] | undefined) ?? [];
    const title = String(product.title);
    const wish =
      answer?.wish ?? wishOf(constraints, lastEvent(this.view, ['search_products'], false)?.input ?? {});
    const choice = chooseVariant(variants, wish);
    switch (choice.kind) {
      case 'not_offered':
        return text(
          `**${title}** is not available in ${choice.values.join('/')}. ${availableOptions(variants)}`,
        );
      case 'out_of_stock':
        return text(`Sorry, **${title}** is out of stock in that option.`);
      case 'ambiguous': {
        const choices = choice.options
          .map(
            (name) =>
              `${name}: ${[...new Set(choice.inStock.map((variant) => optionOf(variant, name)))].slice(0, 12).join(', ')}`,
          )
          .join('; ');
        return text(
          `Which ${choice.options.join(' and ')} would you like for **${title}**? In stock: ${choices}.`,
        );
      }
      case 'outside_bound': {
        const options = Object.values(choice.variant.options).join(', ');
        const price =
          choice.variant.price === undefined ? '' : ` costs ${formatMoney(choice.variant.price)},`;
        return text(
          `**${title}**${options === '' ? '' : ` in ${options}`}${price} ${choice.bound}. Shall I add it anyway? Reply "yes" to add it.`,
        );
      }
      case 'chosen':
        return this.call('add_to_cart', { variantId: choice.variant.variantId, quantity });
    }
  }

  changeCart(intent: Extract<Intent, { kind: 'update_cart' | 'remove_from_cart' }>): Plan {
    const changed = this.ran(intent.kind === 'update_cart' ? 'update_cart_line' : 'remove_from_cart');
    if (changed !== undefined) {
      const removed = changed.output?.removed as Json | null | undefined;
      const lead = removed ? `Removed ${String(removed.title)}. ` : 'Updated. ';
      return text(cartReply(changed.output?.cart as Json, lead));
    }
    const cartEvent = this.ran('view_cart');
    if (cartEvent === undefined) return this.call('view_cart', {});
    const lines = ((cartEvent.output?.cart as Json | undefined)?.lines as Json[] | undefined) ?? [];
    if (lines.length === 0) return text('Your cart is empty.');
    const candidates = lines.map((line) => ({
      title: String(line.title),
      brand: null,
      lineId: String(line.lineId),
    }));
    let [target] = resolveReference(intent.reference, candidates);
    if (target === undefined && (intent.reference.pronoun || candidates.length === 1))
      target = candidates.at(-1);
    if (target === undefined) {
      return text(
        `Which item? Your cart has: ${candidates.map((line, index) => `${index + 1}. ${line.title}`).join('; ')}.`,
      );
    }
    return intent.kind === 'update_cart'
      ? this.call('update_cart_line', { lineId: target.lineId, quantity: intent.quantity })
      : this.call('remove_from_cart', { lineId: target.lineId });
  }

  claim(reference: Reference): Plan {
    const offersEvent = this.ran('list_offers') ?? lastEvent(this.view, ['list_offers']);
    if (offersEvent === undefined) return this.call('list_offers', {});
    const offers = ((offersEvent.output?.offers as Json[] | undefined) ?? []).filter(
      (offer) => offer.code === null,
    );
    const candidates = offers.map((offer) => ({
      title: String(offer.name),
      brand: null,
      campaignId: String(offer.campaignId),
      claimed: offer.claimed === true,
    }));
    let [target] = resolveReference(reference, candidates);
    const open = candidates.filter((offer) => !offer.claimed);
    if (target === undefined && open.length === 1) target = open[0];
    if (target === undefined && reference.pronoun && candidates.length > 0) target = open[0] ?? candidates[0];
    if (target === undefined) {
      return candidates.length === 0
        ? text('There are no coupons to claim right now.')
        : text(`Which one? ${offersReply(offersEvent)}`);
    }
    return this.call('claim_coupon', { campaignId: target.campaignId });
  }

  applyCoupon(code: string | undefined): Plan {
    if (code !== undefined) return this.call('apply_coupon', { code });
    const wallet = this.ran('view_wallet');
    if (wallet === undefined) return this.call('view_wallet', {});
    const usable = ((wallet.output?.coupons as Json[] | undefined) ?? []).find(
      (coupon) => coupon.status === 'available' || coupon.status === 'active' || coupon.status === 'issued',
    );
    if (usable === undefined) return text('You have no unused coupons. Ask me for deals to find one.');
    return this.call('apply_coupon', { code: String(usable.code) });
  }

  checkout(address: string | undefined, card: string | undefined): Plan {
    const done = this.ran('checkout');
    if (done !== undefined) {
      const needs = (done.output?.needs as string[] | undefined) ?? [];
      if (needs.length > 0) {
        const asks = needs.map((need) =>
          need === 'card'
            ? // No card number in a reply: replies are stored, and no card number is (docs/payments.md).
              'a test card number (say "pay with card" and its number; the test card ending 4242, listed on the checkout page, succeeds)'
            : 'a shipping address as "ship to Name, Street, City, Postal code, Country code"',
        );
        return text(`To check out I need ${asks.join(' and ')}.`);
      }
      return text(failureReply(done));
    }
    const input: Record<string, unknown> = {};
    const remembered = this.rememberedCheckoutDetails();
    const named = card ?? remembered.card;
    if (named !== undefined) input.card = named;
    const parsed = parseAddress(address ?? remembered.address);
    if (parsed !== undefined) input.shippingAddress = parsed;
    return this.call('checkout', input);
  }

  /** Card and address the shopper gave in an earlier checkout attempt of this conversation. */
  private rememberedCheckoutDetails(): { card?: string; address?: string } {
    const earlier = [...this.view.pastEvents].reverse().find((event) => event.toolName === 'checkout');
    const result: { card?: string; address?: string } = {};
    if (typeof earlier?.input.card === 'string') result.card = earlier.input.card;
    return result;
  }

  orderStatus(orderId: string | undefined): Plan {
    const got = this.ran('get_order');
    if (got !== undefined)
      return text(got.output?.ok === true ? orderReply(got.output.order as Json) : failureReply(got));
    if (orderId !== undefined) return this.call('get_order', { orderId });
    const listed = this.ran('list_orders');
    if (listed === undefined) return this.call('list_orders', {});
    const [latest] = (listed.output?.orders as Json[] | undefined) ?? [];
    return latest === undefined
      ? text('You have no orders yet.')
      : text(orderReply(latest, 'Your latest order: '));
  }

  orderAction(
    toolName: 'cancel_order' | 'return_items',
    orderId: string | undefined,
    reason: string | undefined,
  ): Plan {
    let id = orderId;
    if (id === undefined) {
      const listed = this.ran('list_orders');
      if (listed === undefined) return this.call('list_orders', {});
      const orders = (listed.output?.orders as Json[] | undefined) ?? [];
      const fits = orders.find((order) =>
        toolName === 'cancel_order'
          ? ['pending', 'paid'].includes(String(order.status))
          : String(order.status) === 'delivered',
      );
      if (fits === undefined) {
        return text(
          orders.length === 0
            ? 'You have no orders yet.'
            : toolName === 'cancel_order'
              ? 'None of your orders can still be cancelled (only orders not yet fulfilled can).'
              : 'None of your orders can be returned (only delivered orders can).',
        );
      }
      id = String(fits.orderId);
    }
    if (toolName === 'cancel_order') return this.call('cancel_order', { orderId: id });
    const nameWords = parseReference(this.view.userText).nameWords.filter(
      (word) => !/^(?:return|refund|because|order|since|too)$/.test(word),
    );
    const input: Record<string, unknown> = {
      orderId: id,
      reason: reason ?? 'Requested through the assistant.',
    };
    const listed = this.ran('list_orders');
    const order = ((listed?.output?.orders as Json[] | undefined) ?? []).find((item) => item.orderId === id);
    if (order !== undefined && nameWords.length > 0 && reason === undefined) {
      const lines = ((order.lines as Json[]) ?? []).map((line) => ({
        title: String(line.title),
        brand: null,
        lineId: String(line.lineId),
      }));
      const picked = resolveReference({ positions: [], pronoun: false, nameWords }, lines);
      if (picked[0] !== undefined) input.lineIds = [picked[0].lineId];
    }
    return this.call('return_items', input);
  }
}

function availableOptions(variants: { options: Record<string, string>; stock: number }[]): string {
  const names = new Set(variants.flatMap((variant) => Object.keys(variant.options)));
  const parts = [...names].map(
    (name) =>
      `${name}: ${[...new Set(variants.filter((variant) => variant.stock > 0).map((variant) => variant.options[name]))].slice(0, 12).join(', ')}`,
  );
  return parts.length === 0 ? '' : `In stock: ${parts.join('; ')}.`;
}

function isColorWord(word: string): boolean {
  return /^(?:black|white|red|blue|navy|green|yellow|orange|purple|pink|brown|beige|tan|gray|grey|silver|gold)$/.test(
    word,
  );
}

/** Builds a search_products input from parsed words and constraints. */
export function searchInput(
  query: string,
  constraints: Constraints,
  offset: number,
): Record<string, unknown> {
  // Sizes travel as filters; as words they only add noise ("10" matches anything with a 10).
  const words =
    constraints.sizes.length > 0
      ? query
          .replace(/\bsizes?\s+\S+/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : query;
  return dropUndefined({
    query: words,
    minPrice: constraints.minPrice,
    maxPrice: constraints.maxPrice,
    colors: constraints.colors.length > 0 ? constraints.colors : undefined,
    sizes: constraints.sizes.length > 0 ? constraints.sizes : undefined,
    materials: constraints.materials.length > 0 ? constraints.materials : undefined,
    sort: constraints.sort,
    inStock: constraints.inStock,
    offset: offset > 0 ? offset : undefined,
  });
}

function dropUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** Reads "Name, Street, City, Postal code, CC" into a shipping address. */
export function parseAddress(text: string | undefined): Json | undefined {
  if (text === undefined) return undefined;
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length < 5) return undefined;
  const country = parts.at(-1)?.toUpperCase() ?? '';
  if (!/^[A-Z]{2}$/.test(country)) return undefined;
  const [name, line1, city, postalCode] = [parts[0], parts[1], parts.at(-3), parts.at(-2)];
  if (name === undefined || line1 === undefined || city === undefined || postalCode === undefined)
    return undefined;
  return { name, line1, city, postalCode, country };
}
