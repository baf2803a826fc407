import type { Reference } from '../../language/references.js';
import { resolveReference } from '../../language/references.js';
import { lastEvent } from '../conversation-view.js';
import { offersReply, walletReply } from '../replies.js';
import { type Json, type Plan, type Step, text } from '../step.js';

/** Lists the live offers. */
export function listOffers(step: Step): Plan {
  return step.once('list_offers', {}, offersReply);
}

/** Shows the shopper's coupons. */
export function viewWallet(step: Step): Plan {
  return step.once('view_wallet', {}, walletReply);
}

/** Claims the offer meant: the offers first, then the one named, the only open one, or "it". */
export function claim(step: Step, reference: Reference): Plan {
  const offersEvent = step.ran('list_offers') ?? lastEvent(step.view, ['list_offers']);
  if (offersEvent === undefined) return step.call('list_offers', {});
  const candidates = ((offersEvent.output?.offers as Json[] | undefined) ?? [])
    .filter((offer) => offer.code === null)
    .map((offer) => ({
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
  return step.call('claim_coupon', { campaignId: target.campaignId });
}

/** Applies the code given, or the first unused coupon in the wallet. */
export function applyCoupon(step: Step, code: string | undefined): Plan {
  if (code !== undefined) return step.call('apply_coupon', { code });
  const wallet = step.ran('view_wallet');
  if (wallet === undefined) return step.call('view_wallet', {});
  const usable = ((wallet.output?.coupons as Json[] | undefined) ?? []).find((coupon) =>
    ['available', 'active', 'issued'].includes(String(coupon.status)),
  );
  if (usable === undefined) return text('You have no unused coupons. Ask me for deals to find one.');
  return step.call('apply_coupon', { code: String(usable.code) });
}
