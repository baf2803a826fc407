import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.js';
import { newId } from '../../shared/ids.js';
import { ACTION_WORDS, isPlainYes } from '../language/plain-yes.js';
import { normalize } from '../language/text.js';

/** Money actions that run only after the shopper confirms their exact summary. */
export type { ConfirmableAction } from '../language/plain-yes.js';

import type { ConfirmableAction } from '../language/plain-yes.js';

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

/**
 * True only when the shopper's message is a plain yes to this pending action (see isPlainYes): no
 * question, no condition, no other action, and no order or campaign id other than the summary's.
 */
export function confirmationMatches(text: string, pending: PendingConfirmation | undefined): boolean {
  if (pending === undefined) return false;
  const ids = new Set(normalize(pending.summary).match(/\b(?:ord|cmp)_[a-z0-9]+\b/g) ?? []);
  return isPlainYes(text, ACTION_WORDS[pending.action], (word) => ids.has(word));
}
