import { randomBytes } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so codes survive being read aloud or retyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 28 symbols of 5 bits: 140 bits of randomness, past the 128 that make guessing hopeless. */
const SYMBOLS = 28;
const GROUP = 4;
/** Random bytes one code consumes. */
export const COUPON_CODE_BYTES = Math.ceil((SYMBOLS * 5) / 8);

/** A new coupon code such as `RUSH-7K2M-...`: 140 random bits in readable groups of four. */
export function newCouponCode(prefix = 'RUSH'): string {
  return couponCodeFrom(randomBytes(COUPON_CODE_BYTES), 0, prefix);
}

/**
 * The code spelled by `COUPON_CODE_BYTES` CSPRNG bytes at `offset`, so a batch can draw its random
 * bytes in one call and slice them per coupon (each byte is used by exactly one code).
 */
export function couponCodeFrom(bytes: Uint8Array, offset: number, prefix = 'RUSH'): string {
  let bits = 0;
  let value = 0;
  let code = prefix;
  let symbols = 0;
  for (let index = offset; index < offset + COUPON_CODE_BYTES; index += 1) {
    value = ((value << 8) | (bytes[index] ?? 0)) & 0xffff;
    bits += 8;
    while (bits >= 5 && symbols < SYMBOLS) {
      bits -= 5;
      if (symbols % GROUP === 0) code += '-';
      code += ALPHABET[(value >> bits) & 31];
      symbols += 1;
    }
  }
  return code;
}
