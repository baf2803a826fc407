import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.js';
import { newId } from '../../shared/ids.js';
import { normalize } from '../language/text.js';

/** Money actions that run only after the shopper confirms their exact summary. */
export type ConfirmableAction = 'checkout' | 'cancel_order' | 'return_items' | 'claim_coupon';

/** A money action waiting for the shopper's yes; `args` are what will run, `argsHash` pins them. */
export interface PendingConfirmation {
  readonly id: string;
  readonly action: ConfirmableAction;
  readonly summary: string;
  readonly argsHash: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

/** What a tool returns instead of acting: the UI shows `summary` and the model must stop. */
export interface ConfirmationRequest {
  readonly ok: true;
  readonly needsConfirmation: true;
  readonly pendingConfirmation: { id: string; action: ConfirmableAction; summary: string; argsHash: string };
}

/** A stable hash of action arguments (keys sorted), so a changed argument never passes as confirmed. */
export function hashArgs(action: ConfirmableAction, args: Readonly<Record<string, unknown>>): string {
  return createHash('sha256')
    .update(`${action}:${canonicalJson(args)}`)
    .digest('hex')
    .slice(0, 32);
}

/** Builds a pending confirmation for `action` with its arguments and summary. */
export function createPending(
  action: ConfirmableAction,
  args: Readonly<Record<string, unknown>>,
  summary: string,
  now: number,
): PendingConfirmation {
  return { id: newId('cnf'), action, summary, argsHash: hashArgs(action, args), args, createdAt: now };
}

/** The tool answer that carries a pending confirmation to the model and the UI. */
export function confirmationRequest(pending: PendingConfirmation): ConfirmationRequest {
  return {
    ok: true,
    needsConfirmation: true,
    pendingConfirmation: {
      id: pending.id,
      action: pending.action,
      summary: pending.summary,
      argsHash: pending.argsHash,
    },
  };
}

const AFFIRMATIVE =
  /^(?:yes|yep|yeah|yup|sure|ok|okay|confirm(?:ed)?|correct|go ahead|do it|please do|proceed|that's right|absolutely|y)\b/;
const NEGATION = /\b(?:not|don't|do not|no|never|wait|hold on|stop|instead|but)\b/;
const ACTION_WORDS: Readonly<Record<ConfirmableAction, RegExp>> = {
  checkout: /\b(?:checkout|check out|order|buy|pay|purchase|place)\b/,
  cancel_order: /\b(?:cancel|cancellation)\b/,
  return_items: /\b(?:return|refund|send back)\b/,
  claim_coupon: /\b(?:claim|coupon|deal|offer|voucher)\b/,
};

/**
 * True only when the shopper's message is a plain yes to this pending action: it starts with an
 * affirmation, carries no negation, names no other action, and names no order or code other than
 * the ones in the summary.
 */
export function confirmationMatches(text: string, pending: PendingConfirmation | undefined): boolean {
  if (pending === undefined) return false;
  const t = normalize(text).replace(/[!.?]+$/g, '');
  if (!AFFIRMATIVE.test(t) || t.length > 120) return false;
  const rest = t.replace(AFFIRMATIVE, '');
  if (NEGATION.test(rest)) return false;
  for (const [action, pattern] of Object.entries(ACTION_WORDS)) {
    if (action !== pending.action && pattern.test(rest) && !ACTION_WORDS[pending.action].test(rest))
      return false;
  }
  const summary = normalize(pending.summary);
  for (const match of rest.matchAll(/\b(ord_[a-z0-9]+|cmp_[a-z0-9]+)\b/g)) {
    if (!summary.includes(match[1] ?? '')) return false;
  }
  for (const match of rest.matchAll(/\$\s?(\d+(?:\.\d{1,2})?)/g)) {
    if (!summary.includes(match[1] ?? '')) return false;
  }
  return true;
}
