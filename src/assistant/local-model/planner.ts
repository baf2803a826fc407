import { classifyIntent, type Intent } from '../language/intent.js';
import type { ConversationView } from './conversation-view.js';
import { lastEvent } from './conversation-view.js';
import type { DialogueState } from './dialogue-state.js';
import { addToCart, answerQuestion } from './intents/add-to-cart.js';
import { changeCart, viewCart } from './intents/cart.js';
import { checkout, confirm } from './intents/checkout.js';
import { applyCoupon, claim, listOffers, viewWallet } from './intents/coupons.js';
import { cancelOrder, listOrders, orderStatus, returnItems } from './intents/orders.js';
import { compare, productQuestion } from './intents/product.js';
import { refine, search, showMore } from './intents/search.js';
import { CAPABILITIES, confirmationPrompt, failureReply } from './replies.js';
import { type Json, type Plan, type Step, stepFor, text } from './step.js';

export type { Plan } from './step.js';

/**
 * Decides the next step from the conversation. Pure and deterministic. A turn that asked for a
 * confirmation or failed ends with that; otherwise the message first answers the question the last
 * reply asked (dialogue-state.ts), then is read as a new request, one intent per file in intents/.
 */
export function plan(view: ConversationView, available: ReadonlySet<string>): Plan {
  const step = stepFor(view, available);
  const asked = view.turnEvents.find((event) => event.output?.needsConfirmation === true);
  if (asked !== undefined) {
    // A confirmation request ends the turn: the shopper must answer it.
    return text(confirmationPrompt(String((asked.output?.pendingConfirmation as Json | undefined)?.summary)));
  }
  const failed = view.turnEvents.find(
    (event) => event.output?.ok === false && event.output?.needs === undefined,
  );
  if (failed !== undefined && failed.toolName !== 'search_products') return text(failureReply(failed));

  const { state } = step;
  const intent = classifyIntent(view.userText, {
    hasShownProducts: state.shown.length > 0 || lastEvent(view, ['get_product']) !== undefined,
    hasPendingConfirmation: state.pending !== undefined,
    hasSearch: state.search !== undefined,
  });
  return answerQuestion(step, state.question, intent) ?? planIntent(step, intent, state);
}

function planIntent(step: Step, intent: Intent, open: DialogueState): Plan {
  switch (intent.kind) {
    case 'search':
      return search(step, intent.query, intent.constraints);
    case 'refine':
      return refine(step, intent.query, intent.constraints);
    case 'show_more':
      return showMore(step);
    case 'product_question':
      return productQuestion(step, intent.reference, intent.aspect);
    case 'compare':
      return compare(step, intent.reference);
    case 'add_to_cart':
      return addToCart(step, intent.reference, intent.quantity, intent.constraints);
    case 'update_cart':
    case 'remove_from_cart':
      return changeCart(step, intent);
    case 'view_cart':
      return viewCart(step);
    case 'list_offers':
      return listOffers(step);
    case 'claim_coupon':
      return claim(step, intent.reference);
    case 'view_wallet':
      return viewWallet(step);
    case 'apply_coupon':
      return applyCoupon(step, intent.code);
    case 'checkout':
      return checkout(step, intent.address, intent.card);
    case 'confirm':
      return confirm(step, open.pending);
    case 'decline':
      if (open.question !== undefined) return text('Okay, I have not added it. What would you like instead?');
      if (open.pending === undefined) return text('Okay. What would you like to do instead?');
      return text('Okay, I have not done it. What would you like to do instead?');
    case 'list_orders':
      return listOrders(step);
    case 'order_status':
      return orderStatus(step, intent.orderId);
    case 'cancel_order':
      return cancelOrder(step, intent.orderId);
    case 'return_items':
      return returnItems(step, intent.orderId, intent.reason);
    case 'handoff':
      return step.once(
        'handoff_to_human',
        { reason: 'The shopper asked for a person.' },
        () => 'I have asked a person from our team to join. They will reply here shortly.',
      );
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
