import mailchecker from 'mailchecker';

/** Providers that deliver `a.b+tag@` to `ab@`: dots and plus tags are dropped from the local part. */
const IGNORES_DOTS_AND_TAGS = new Set(['gmail.com', 'googlemail.com']);
/** Providers that deliver plus-tagged addresses to the untagged one, dots kept. */
const IGNORES_PLUS_TAGS = new Set([
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'fastmail.com',
  'fastmail.fm',
  'protonmail.com',
  'proton.me',
  'pm.me',
  'qq.com',
  'foxmail.com',
]);
/** Yahoo's disposable aliases use a hyphen: `name-alias@yahoo.com` reaches `name@`. */
const IGNORES_HYPHEN_TAGS = new Set(['yahoo.com', 'ymail.com', 'rocketmail.com']);
/** Domains that are one mailbox under two names. */
const SAME_MAILBOX: Record<string, string> = { 'googlemail.com': 'gmail.com' };

/** An e-mail address as the fraud defences see it. */
export interface EmailAddress {
  /** As typed, trimmed (mail is sent here). */
  readonly address: string;
  /** The mailbox it reaches: the identity a person cannot multiply by respelling. */
  readonly key: string;
  readonly domain: string;
}

/** Why an address is refused. */
export type EmailRefusal = 'EMAIL_INVALID' | 'EMAIL_DISPOSABLE';

/**
 * Normalises an address to the mailbox it reaches: lower case, and the provider's own aliasing
 * undone (Gmail's dots and plus tags, plus tags at providers that ignore them, Yahoo's hyphen
 * aliases), so `Jane.Doe+promo@GoogleMail.com` and `janedoe@gmail.com` are one shopper.
 */
export function normalizeEmail(input: string): EmailAddress | undefined {
  const address = input.trim();
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  let local = address.slice(0, at).toLowerCase();
  let domain = address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  domain = SAME_MAILBOX[domain] ?? domain;
  if (IGNORES_DOTS_AND_TAGS.has(domain)) local = untagged(local, '+').replaceAll('.', '');
  else if (IGNORES_PLUS_TAGS.has(domain)) local = untagged(local, '+');
  else if (IGNORES_HYPHEN_TAGS.has(domain)) local = untagged(local, '-');
  if (local === '') return undefined;
  return { address, key: `${local}@${domain}`, domain };
}

/** An address the shopper may verify with, or the reason it may not (invalid, or a throwaway domain). */
export function checkEmail(input: string): EmailAddress | { refusal: EmailRefusal } {
  const email = normalizeEmail(input);
  if (email === undefined) return { refusal: 'EMAIL_INVALID' };
  // mailchecker's list of disposable domains (and its syntax check), kept by its maintainers.
  if (!mailchecker.isValid(email.address)) {
    return { refusal: isDisposableDomain(email.domain) ? 'EMAIL_DISPOSABLE' : 'EMAIL_INVALID' };
  }
  return email;
}

/** Whether the domain, or a parent of it, is on mailchecker's list of disposable mail services. */
export function isDisposableDomain(domain: string): boolean {
  const listed = mailchecker.blacklist();
  const parts = domain.split('.');
  for (let index = 0; index < parts.length - 1; index += 1) {
    if (listed.has(parts.slice(index).join('.'))) return true;
  }
  return false;
}

function untagged(local: string, separator: string): string {
  const cut = local.indexOf(separator);
  return cut === -1 ? local : local.slice(0, cut);
}
