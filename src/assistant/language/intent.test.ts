import { describe, expect, it } from 'vitest';
import { cardNumber, classifyIntent, couponCode, quantityOf, shippingAddress } from './intent.js';

const fresh = { hasShownProducts: false, hasPendingConfirmation: false };
const browsing = { hasShownProducts: true, hasPendingConfirmation: false };
const pending = { hasShownProducts: true, hasPendingConfirmation: true };

describe('classifyIntent', () => {
  it.each([
    ['waterproof hiking boots under $120 in size 10', fresh, 'search'],
    ['cheapest blue cotton t-shirt', fresh, 'search'],
    ['best rated office chair', fresh, 'search'],
    ['gift under $30 for someone who likes coffee', fresh, 'search'],
    ['in black', browsing, 'refine'],
    ['cheaper', browsing, 'refine'],
    ['only in stock', browsing, 'refine'],
    ['under $50', browsing, 'refine'],
    ['show more', browsing, 'show_more'],
    ['more options please', browsing, 'show_more'],
    ['what sizes does the second one come in?', browsing, 'product_question'],
    ['is it in stock?', browsing, 'product_question'],
    ['how much is the Nike one', browsing, 'product_question'],
    ['what colours does it come in', browsing, 'product_question'],
    ['compare 1 and 3', browsing, 'compare'],
    ['add two of the first in M', browsing, 'add_to_cart'],
    ['add it to my cart', browsing, 'add_to_cart'],
    ['remove the mug', browsing, 'remove_from_cart'],
    ['change the mug to 3', browsing, 'update_cart'],
    ["what's in my cart?", fresh, 'view_cart'],
    ['any deals?', fresh, 'list_offers'],
    ['claim it', browsing, 'claim_coupon'],
    ['my coupons', fresh, 'view_wallet'],
    ['use my coupon', fresh, 'apply_coupon'],
    ['apply SAVE10', fresh, 'apply_coupon'],
    ['checkout', fresh, 'checkout'],
    ['place my order, ship to 1 Main St, Springfield', fresh, 'checkout'],
    ['yes', pending, 'confirm'],
    ['yes please go ahead', pending, 'confirm'],
    ['no, wait', pending, 'decline'],
    ['where is my order?', fresh, 'order_status'],
    ['status of ord_abc123', fresh, 'order_status'],
    ['show my orders', fresh, 'list_orders'],
    ['cancel my order', fresh, 'cancel_order'],
    ['actually cancel it', fresh, 'cancel_order'],
    ['please cancel that', fresh, 'cancel_order'],
    ['I want to return it because it is too small', fresh, 'return_items'],
    ['talk to a person', fresh, 'handoff'],
    ['can I speak with a human?', fresh, 'handoff'],
    ['hello', fresh, 'greeting'],
    ['thanks!', fresh, 'thanks'],
    ['what can you do?', fresh, 'help'],
    ["what's the weather tomorrow?", fresh, 'out_of_scope'],
    ['tell me a joke', fresh, 'out_of_scope'],
  ])('%s', (text, context, kind) => {
    expect(classifyIntent(text, context).kind).toBe(kind);
  });

  it('carries slots', () => {
    const add = classifyIntent('add two of the first in M', browsing);
    expect(add).toMatchObject({ kind: 'add_to_cart', quantity: 2, constraints: { sizes: ['M'] } });
    expect(add.kind === 'add_to_cart' && add.reference.positions).toEqual([1]);
    const search = classifyIntent('waterproof hiking boots under $120 in size 10', fresh);
    expect(search).toMatchObject({ kind: 'search', query: 'waterproof hiking boots size 10' });
    expect(classifyIntent('cancel order ord_9f', fresh)).toMatchObject({ orderId: 'ord_9f' });
  });

  it('treats a bare yes with nothing pending as a confirm the planner can refuse', () => {
    expect(classifyIntent('yes', fresh).kind).toBe('confirm');
  });
});

describe('slot readers', () => {
  it('reads quantities', () => {
    expect(quantityOf('add two of the first')).toBe(2);
    expect(quantityOf('add 3')).toBe(3);
    expect(quantityOf('add the first one')).toBe(1);
    expect(quantityOf('put 4 units in my cart')).toBe(4);
  });
  it('reads coupon codes, cards and addresses', () => {
    expect(couponCode('apply SAVE10 please')).toBe('SAVE10');
    expect(couponCode('use my coupon')).toBeUndefined();
    expect(cardNumber('pay with 4242 4242 4242 4242')).toBe('4242424242424242');
    expect(shippingAddress('checkout and ship to 1 Main St, Springfield')).toBe('1 Main St, Springfield');
  });
});

describe('checkout details', () => {
  it('reads a message with a card or an address as checkout', () => {
    const intent = classifyIntent(
      'pay with card 4242 4242 4242 4242 and ship to Jane Doe, 1 Main St, Springfield, 12345, US',
      fresh,
    );
    expect(intent).toMatchObject({
      kind: 'checkout',
      card: '4242424242424242',
      address: 'Jane Doe, 1 Main St, Springfield, 12345, US',
    });
  });
});
