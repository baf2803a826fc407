import { isDisposableDomain, normalizeEmail } from './email-address.js';
import type { ShopperFacts } from './fraud-defences.js';

/** Domains of the big mail providers: many shoppers there are many people, not one farm. */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'sina.com',
  'naver.com',
]);

/** Facts from what the shopper row and a verified address say. */
export function shopperFacts(input: {
  readonly shopperId: string;
  readonly email: string | undefined;
  readonly deviceId: string | undefined;
  readonly createdAt: number;
  readonly verifiedKey: string | undefined;
}): ShopperFacts {
  const typed = input.email === undefined ? undefined : normalizeEmail(input.email);
  const key = input.verifiedKey ?? typed?.key;
  const domain = key?.slice(key.lastIndexOf('@') + 1);
  return {
    shopperId: input.shopperId,
    deviceId: input.deviceId,
    createdAt: input.createdAt,
    emailKey: key,
    privateDomain:
      input.verifiedKey !== undefined && domain !== undefined && !PUBLIC_MAIL_DOMAINS.has(domain)
        ? domain
        : undefined,
    verified: input.verifiedKey !== undefined,
    disposable: typed !== undefined && isDisposableDomain(typed.domain),
  };
}
