import { hasChinese, normalize } from './text.js';

/**
 * Actions that run only after the shopper confirms their exact summary: the money actions, and
 * cart changes that move money at checkout (a large quantity, a coupon).
 */
export type ConfirmableAction =
  | 'checkout'
  | 'cancel_order'
  | 'return_items'
  | 'claim_coupon'
  | 'add_to_cart'
  | 'update_cart_line'
  | 'apply_coupon';

/** The words that may name each action inside its yes ("yes, place the order", "yes cancel it"). */
export const ACTION_WORDS: Readonly<Record<ConfirmableAction, ReadonlySet<string>>> = {
  checkout: new Set(['place', 'the', 'my', 'order', 'buy', 'pay', 'checkout', 'check', 'out', 'purchase']),
  cancel_order: new Set(['cancel', 'the', 'my', 'order']),
  return_items: new Set(['return', 'them', 'the', 'my', 'items', 'item', 'send', 'back', 'refund']),
  claim_coupon: new Set(['claim', 'the', 'coupon', 'deal', 'offer', 'get']),
  add_to_cart: new Set(['add', 'them', 'it', 'to', 'the', 'my', 'cart', 'put', 'in']),
  update_cart_line: new Set(['change', 'set', 'make', 'update', 'it', 'the', 'quantity', 'cart']),
  apply_coupon: new Set(['apply', 'use', 'the', 'my', 'coupon', 'code', 'it']),
};

/** Words naming any of the actions: the classifier's view, before it knows which one is pending. */
export const ANY_ACTION_WORDS: ReadonlySet<string> = new Set(
  Object.values(ACTION_WORDS).flatMap((words) => [...words]),
);

/** Words that say yes on their own. */
const YES = new Set([
  'yes',
  'yep',
  'yeah',
  'yup',
  'sure',
  'ok',
  'okay',
  'k',
  'confirm',
  'confirmed',
  'correct',
  'proceed',
  'absolutely',
  'affirmative',
  'alright',
  'y',
]);

/** Phrases that say yes, split into words; a reply may open with one instead of a yes word. */
const YES_PHRASES = [
  ['go', 'ahead'],
  ['do', 'it'],
  ['please', 'do'],
  ["that's", 'right'],
  ['that', 'is', 'right'],
  ['sounds', 'good'],
  ["let's", 'do', 'it'],
  ['of', 'course'],
];

/** Words that may stand beside a yes without adding anything to it. */
const FILLERS = new Set([
  'please',
  'thanks',
  'thank',
  'you',
  'go',
  'ahead',
  'do',
  'it',
  'that',
  "that's",
  'is',
  'this',
  'one',
  'right',
  'sounds',
  'good',
  'fine',
  'great',
  'perfect',
  'then',
  'now',
  'and',
  'of',
  'course',
  "let's",
  'lets',
  'i',
  'confirm',
  'sure',
  'yes',
  'ok',
  'okay',
]);

/**
 * A plain Chinese yes, and nothing else: 好的, 确认, 是的, 可以, 没问题, 确认下单, each with an
 * optional 吧, 了 or 请. A question (？, 吗) or any other content is not a yes.
 */
const CHINESE_YES =
  /^(?:请)?(?:好的?|好吧|确认|确定|是的?|对的?|对|可以|行|没问题|嗯+|确认下单|下单吧|就这样)(?:吧|了|的)?(?:谢谢)?$/;

/**
 * True only for a plain yes: the reply opens with a yes word or phrase, and every other word is a
 * filler, one of `actionWords` (the words naming the action being confirmed, such as "place the
 * order"), or a word `allowed` accepts (an id the summary named). A question, a negation, a condition
 * or any content ("yes, but ship to ...", "ok, how long does shipping take?", "y'all...") is not
 * a yes: those need an answer, not an action. Pure.
 */
export function isPlainYes(
  text: string,
  actionWords: ReadonlySet<string> = new Set(),
  allowed: (word: string) => boolean = () => false,
): boolean {
  const t = normalize(text);
  if (t.length === 0 || t.length > 120 || t.includes('?')) return false;
  if (hasChinese(t)) return CHINESE_YES.test(t.replace(/[，,。！!\s]+/g, ''));
  const words = t
    .replace(/[!.,;:]+/g, ' ')
    .split(' ')
    .filter((word) => word !== '');
  if (words.length === 0 || words.length > 12) return false;
  const opensWithPhrase = YES_PHRASES.some((phrase) => phrase.every((word, index) => words[index] === word));
  if (!YES.has(words[0] ?? '') && !opensWithPhrase) return false;
  return words.every((word) => YES.has(word) || FILLERS.has(word) || actionWords.has(word) || allowed(word));
}
