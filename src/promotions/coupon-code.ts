import { randomBytes } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so codes survive being read aloud or retyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 28 symbols of 5 bits: 140 bits of randomness, past the 128 that make guessing hopeless. */
const SYMBOLS = 28;
const GROUP = 4;

/** A new coupon code such as `RUSH-7K2M-...`: 140 random bits in readable groups of four. */
export function newCouponCode(prefix = 'RUSH'): string {
  const bytes = randomBytes(Math.ceil((SYMBOLS * 5) / 8));
  let bits = 0;
  let value = 0;
  let symbols = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && symbols.length < SYMBOLS) {
      bits -= 5;
      symbols += ALPHABET[(value >> bits) & 31];
    }
  }
  const groups: string[] = [prefix];
  for (let index = 0; index < symbols.length; index += GROUP)
    groups.push(symbols.slice(index, index + GROUP));
  return groups.join('-');
}
