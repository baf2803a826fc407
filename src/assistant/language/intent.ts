import { type Constraints, extractConstraints, isEmptyConstraints } from './constraints.js';
import { classifyChinese } from './intent-zh.js';
import { ANY_ACTION_WORDS, isPlainYes } from './plain-yes.js';
import { parseReference, type Reference } from './references.js';
import { toSearchQuery } from './search-query.js';
import { hasChinese, normalize, numberFromWord } from './text.js';

/** What a product question asks about. */
export type ProductAspect = 'sizes' | 'colors' | 'stock' | 'price' | 'rating' | 'reviews' | 'details';

/** What the shopper wants from one message; the local model plans its tool calls from this. */
export type Intent =
  | { kind: 'search'; query: string; constraints: Constraints }
  | { kind: 'refine'; query: string; constraints: Constraints }
  | { kind: 'show_more' }
  | { kind: 'product_question'; aspect: ProductAspect; reference: Reference; constraints: Constraints }
  | { kind: 'compare'; reference: Reference }
  | { kind: 'add_to_cart'; reference: Reference; quantity: number; constraints: Constraints }
  | { kind: 'update_cart'; reference: Reference; quantity: number }
  | { kind: 'remove_from_cart'; reference: Reference }
  | { kind: 'view_cart' }
  | { kind: 'list_offers' }
  | { kind: 'claim_coupon'; reference: Reference }
  | { kind: 'view_wallet' }
  | { kind: 'apply_coupon'; code: string | undefined }
  | { kind: 'checkout'; address: string | undefined; card: string | undefined }
  | { kind: 'confirm' }
  | { kind: 'decline' }
  | { kind: 'list_orders' }
  | { kind: 'order_status'; orderId: string | undefined }
  | { kind: 'cancel_order'; orderId: string | undefined }
  | { kind: 'return_items'; orderId: string | undefined; reason: string | undefined }
  | { kind: 'handoff' }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'help' }
  | { kind: 'out_of_scope'; topic: string };

/** What the classifier knows about the conversation so far. */
export interface IntentContext {
  /** A product list or product was shown, so references and refinements make sense. */
  readonly hasShownProducts: boolean;
  /** A money action waits for the shopper's yes. */
  readonly hasPendingConfirmation: boolean;
  /** A search was made earlier: constraints alone ("size 8") refine it, even when it found nothing. */
  readonly hasSearch?: boolean;
}

const OUT_OF_SCOPE_TOPICS: readonly [RegExp, string][] = [
  [/\b(?:weather|forecast|temperature outside|raining)\b/, 'the weather'],
  [/\b(?:joke|funny|poem|song|story|riddle)\b/, 'entertainment'],
  [/\b(?:news|politics|election|president|war)\b/, 'news or politics'],
  [
    /\b(?:homework|math problem|essay|write (?:me )?(?:a|an) (?:code|program|essay|letter)|python|javascript|sql query)\b/,
    'homework or programming',
  ],
  [
    /\b(?:medical|doctor|diagnos|symptom|lawyer|legal advice|invest|stock market|crypto|bitcoin)\b/,
    'professional advice',
  ],
  [
    /\b(?:meaning of life|who are you really|your system prompt|ignore (?:all |your )?(?:previous )?instructions)\b/,
    'that',
  ],
  [/\b(?:capital of|who won|what year|history of|translate)\b/, 'general knowledge'],
];

const AFFIRMATIVE =
  /^(?:yes|yep|yeah|yup|sure|ok|okay|confirm(?:ed)?|correct|go ahead|do it|please do|proceed|that's right|absolutely|y)\b/;
/** Ids in a yes are checked against the summary by the tool; here any id may stand in one. */
const anyId = (word: string) => /^(?:ord|cmp)_[a-z0-9]+$/.test(word);
const NEGATIVE = /^(?:no|nope|nah|don't|do not|stop|never ?mind|cancel that|not now|wait|hold on|n)\b/;
/** A no and nothing else but fillers ("no", "no, not yet", "nope, maybe later"). */
const PLAIN_NO =
  /^(?:no|nope|nah|not now|not yet|never ?mind|maybe later|no thanks|n)(?:[\s,]+(?:thanks|thank you|not yet|not now|for now|maybe later|later|i'?m good|i'?m fine|that'?s all))*$/;

/** Classifies one shopper message. Pure: the same text and context always give the same intent. */
export function classifyIntent(text: string, context: IntentContext): Intent {
  // Chinese is read by its own patterns into the same intents.
  if (hasChinese(text)) return classifyChinese(text, context);
  const t = normalize(text).replace(/[!?.]+$/g, '');
  const reference = parseReference(t);
  const constraints = extractConstraints(t);
  const orderId = /\b(ord_[a-z0-9]+)\b/.exec(t)?.[1];

  if (
    /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|someone|somebody|a real)?\s*(?:person|human|agent|representative|someone|somebody|real|manager|support)|\b(?:human|live agent|real person|customer service|customer support|representative)\b/.test(
      t,
    )
  ) {
    return { kind: 'handoff' };
  }
  // Only a plain yes confirms; "ok, how long does shipping take?" is a question, answered as one,
  // and the action stays pending.
  if (context.hasPendingConfirmation && t.length <= 80) {
    if (isPlainYes(text, ANY_ACTION_WORDS, anyId)) return { kind: 'confirm' };
    if (NEGATIVE.test(t)) return { kind: 'decline' };
  }
  if (AFFIRMATIVE.test(t) && t.split(' ').length <= 4 && !context.hasPendingConfirmation)
    return { kind: 'confirm' };
  // "no, not yet" with nothing pending is still a no (to a question the reply asked), never a search.
  if (PLAIN_NO.test(t)) return { kind: 'decline' };
  if (/^(?:hi|hello|hey|good (?:morning|afternoon|evening)|howdy|hiya)\b[\s\w]{0,12}$/.test(t))
    return { kind: 'greeting' };
  if (/^(?:thanks|thank you|thx|cheers|great|perfect|awesome|cool)\b[\s\w]{0,20}$/.test(t))
    return { kind: 'thanks' };
  if (/\b(?:what can you do|help me$|^help$|how does this work|what do you do|who are you)\b/.test(t))
    return { kind: 'help' };

  // "cancel it" refers to the order under discussion; a pending confirmation was handled above.
  if (/\b(?:cancel)\b.*\border\b|\bcancel ord_|\bcancel (?:it|that|this|the purchase)\b/.test(t)) {
    return { kind: 'cancel_order', orderId };
  }
  if (/\b(?:return|refund|send (?:it |them )?back)\b/.test(t) && !/\breturn policy\b/.test(t)) {
    const reason = /\b(?:because|since|as)\s+(.{3,120})$/.exec(t)?.[1];
    return { kind: 'return_items', orderId, reason };
  }
  if (
    /\b(?:where is|where's|track|status of|status)\b.*\b(?:order|package|delivery|parcel)\b|\border status\b|\bord_[a-z0-9]+\b/.test(
      t,
    )
  ) {
    return { kind: 'order_status', orderId };
  }
  if (
    /\b(?:my orders|my order history|past orders|previous orders|list (?:my )?orders|show (?:me )?(?:my )?orders|what did i order|have i ordered)\b|\b(?:show|list|see|view)\b.*\borders\b/.test(
      t,
    )
  ) {
    return { kind: 'list_orders' };
  }

  if (
    /\b(?:what'?s|what is|show|view|see|check|open)\b.*\b(?:my )?(?:cart|basket|bag)\b|^(?:my )?(?:cart|basket)$|\bin my (?:cart|basket)\b/.test(
      t,
    ) &&
    !/\b(?:add|put|remove|delete|take)\b/.test(t)
  ) {
    return { kind: 'view_cart' };
  }
  if (/\b(?:remove|delete|take out|take off|drop|get rid of)\b/.test(t))
    return { kind: 'remove_from_cart', reference };
  const newQuantity =
    /\b(?:change|set|update|make)\b.*?\b(?:to|it|quantity)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/.exec(
      t,
    ) ?? /\bonly (\d+|one|two|three|four|five)\b.*\b(?:of|instead)\b/.exec(t);
  if (newQuantity !== null && /\b(?:change|set|update|make|only|quantity|instead)\b/.test(t)) {
    return { kind: 'update_cart', reference, quantity: numberFromWord(newQuantity[1] ?? '') ?? 1 };
  }

  if (
    /\b(?:my (?:coupons?|codes?|vouchers?|wallet)|wallet|coupons? (?:do )?i have)\b/.test(t) &&
    !/\b(?:use|apply|redeem)\b/.test(t)
  ) {
    return { kind: 'view_wallet' };
  }
  if (
    /\b(?:use|apply|redeem|add)\b.*\b(?:coupon|code|voucher|discount|promo)\b|\bapply\s+[a-z0-9-]{4,}\b/.test(
      t,
    )
  ) {
    return { kind: 'apply_coupon', code: couponCode(text) };
  }
  if (
    /\b(?:claim|grab|get|take|want)\b.*\b(?:it|coupon|deal|offer|voucher|that|this|one|discount)\b/.test(t) &&
    /\b(?:claim|coupon|deal|offer|voucher|discount)\b/.test(t)
  ) {
    return { kind: 'claim_coupon', reference };
  }
  if (/^claim\b/.test(t)) return { kind: 'claim_coupon', reference };
  if (
    /\b(?:deals?|offers?|discounts?|coupons?|promotions?|promos?|sales?|vouchers?|campaigns?)\b/.test(t) &&
    !/\b(?:add|cart)\b/.test(t)
  ) {
    return { kind: 'list_offers' };
  }
  if (cardNumber(text) !== undefined || /\b(?:ship(?:ping)?|deliver(?:y)?) (?:it |them )?to\b/.test(t)) {
    return { kind: 'checkout', address: shippingAddress(text), card: cardNumber(text) };
  }
  if (
    /\b(?:checkout|check out|place (?:my |the |an )?order|pay now|pay for|complete (?:my |the )?(?:order|purchase)|buy (?:it|them|everything) now|proceed to (?:payment|checkout))\b/.test(
      t,
    )
  ) {
    return { kind: 'checkout', address: shippingAddress(text), card: cardNumber(text) };
  }

  if (
    /\b(?:add|put|i'?ll take|i will take|throw in|include)\b/.test(t) ||
    (/\b(?:buy|get me|order)\b/.test(t) &&
      context.hasShownProducts &&
      (reference.positions.length > 0 || reference.pronoun))
  ) {
    return { kind: 'add_to_cart', reference, quantity: quantityOf(t), constraints };
  }
  if (/\b(?:compare|comparison|difference between|vs\.?|versus|which is better)\b/.test(t))
    return { kind: 'compare', reference };

  if (
    /^(?:show|see|give me)?\s*(?:me\s+)?(?:more|next|more results|more options|next page|others|other options|anything else)\b(?:\s+(?:results|options|please|ones))*$/.test(
      t,
    )
  ) {
    return { kind: 'show_more' };
  }

  // "Which is the cheapest?" asks about the list shown, not for a new search.
  if (context.hasShownProducts && reference.rank !== undefined && /^(?:which|what)\b/.test(t)) {
    const aspect = reference.rank === 'best_rated' ? 'rating' : 'price';
    return { kind: 'product_question', aspect, reference, constraints };
  }
  const aspect = productAspect(t);
  const pointsAtProduct = reference.positions.length > 0 || reference.pronoun;
  if (aspect !== undefined && context.hasShownProducts && (pointsAtProduct || isQuestion(t))) {
    return { kind: 'product_question', aspect, reference, constraints };
  }
  if (
    context.hasShownProducts &&
    /\b(?:tell me (?:more )?about|more about|details (?:of|on|about)|describe|what about)\b/.test(t)
  ) {
    return { kind: 'product_question', aspect: 'details', reference, constraints };
  }

  for (const [pattern, topic] of OUT_OF_SCOPE_TOPICS) {
    if (pattern.test(t)) return { kind: 'out_of_scope', topic };
  }

  const query = toSearchQuery(t);
  const canRefine = context.hasShownProducts || context.hasSearch === true;
  if (canRefine && (query === '' || isRefinementOnly(t, query, constraints))) {
    return { kind: 'refine', query, constraints };
  }
  if (query === '' && isEmptyConstraints(constraints)) return { kind: 'help' };
  return { kind: 'search', query, constraints };
}

/** A follow-up made only of constraints ("in black", "cheaper", "only in stock", "under $50", "size 10"). */
function isRefinementOnly(text: string, query: string, constraints: Constraints): boolean {
  if (isEmptyConstraints(constraints)) return false;
  const leftover = query
    .split(' ')
    .filter(
      (word) =>
        !/^(?:in|only|size|cheaper|expensive|pricier|ones?|instead|stock|color|colour|something|sizes?|those|them|black|white|red|blue|green|yellow|orange|purple|pink|brown|gray|grey|navy|beige|silver|gold|[sml]|x{1,3}l|xs|small|medium|large|x-large|xx-large|extra|\d+(?:\.\d)?|cotton|leather|wool|polyester|wood|wooden|metal|steel|plastic|glass|available|affordable|how|about|what)$/.test(
          word,
        ),
    );
  return (
    leftover.length === 0 ||
    (/^(?:in|only|and|what about|how about|cheaper|now)\b/.test(text) && leftover.length <= 1)
  );
}

function productAspect(text: string): ProductAspect | undefined {
  if (/\bsizes?\b|\bfit\b/.test(text) && /\b(?:what|which|come in|available|have|does|do|sizes)\b/.test(text))
    return 'sizes';
  if (/\b(?:colou?rs?)\b/.test(text)) return 'colors';
  if (
    /\b(?:in stock|stock|how many (?:left|are left|do you have)|available|availability|sold out)\b/.test(text)
  )
    return 'stock';
  if (/\b(?:how much|price|cost|costs)\b/.test(text)) return 'price';
  if (/\b(?:rating|rated|stars)\b/.test(text)) return 'rating';
  if (/\b(?:reviews?|people say|what do (?:people|customers) think)\b/.test(text)) return 'reviews';
  if (
    /\b(?:tell me (?:more )?about|details|describe|more info|what is it made of|material|specs)\b/.test(text)
  )
    return 'details';
  return undefined;
}

function isQuestion(text: string): boolean {
  return /^(?:what|which|how|is|are|does|do|can|any)\b/.test(text);
}

/** The number of items the shopper asks for ("add two of the first", "add 3", "a pair"); 1 by default. */
export function quantityOf(text: string): number {
  const t = normalize(text);
  const patterns = [
    /\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a couple|a dozen)\s+(?:of|x|units?|pieces?|pcs|more|items?)\b/,
    /\b(?:add|put|take|buy|get|want|i'?ll take)\s+(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\b/,
    /\bquantity\s+(?:of\s+)?(\d{1,3})\b/,
    /\bx\s?(\d{1,3})\b/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(t);
    const raw = match?.[1]?.replace(/^a /, '');
    const value = raw === undefined ? undefined : numberFromWord(raw);
    if (value !== undefined && value > 0) return Math.min(value, 99);
  }
  return 1;
}

/** A coupon code written in the message (upper-case letters and digits, 4-32 characters). */
export function couponCode(text: string): string | undefined {
  for (const match of text.matchAll(/\b([A-Z0-9][A-Z0-9-]{3,31})\b/g)) {
    const code = match[1] ?? '';
    if (/[A-Z]/.test(code) && !/^(?:USD|EUR|GBP|ORD)$/.test(code)) return code;
  }
  return undefined;
}

/**
 * The card a message names: a saved card's token (what a typed card number became before the
 * message was kept, `card tok_... ending 4242`), or else a card number (13-19 digits, spaces or
 * dashes allowed). Case matters in a token, so pass the message as written.
 */
export function cardNumber(text: string): string | undefined {
  const token = /\b(tok_[A-Za-z0-9_-]{24})(?![A-Za-z0-9_-])/.exec(text);
  if (token !== null) return token[1];
  const match = /\b(\d(?:[ -]?\d){12,18})\b/.exec(text);
  return match?.[1]?.replace(/[ -]/g, '');
}

/** A shipping address after "ship to" / "deliver to" / "address is". */
export function shippingAddress(text: string): string | undefined {
  const match =
    /\b(?:ship(?:ping)? to|deliver(?:y)? to|send (?:it|them) to|address(?: is)?:?)\s+(.{6,200}?)(?:\s+(?:and|with|using|pay(?:ing)?)\s+(?:card|pay|with)\b.*)?$/i.exec(
      text,
    );
  return match?.[1]?.trim().replace(/[.,;]+$/, '');
}
