/** A run of 13 to 19 digits, spaces or dashes allowed between them: the shape of a card number. */
export const CARD_RUN = /\b\d(?:[ -]?\d){12,18}\b/g;

/** True when the digits pass the Luhn check, as every real card number (and every test card) does. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Replaces every card number in a shopper's message, before it is stored, shown to staff, streamed
 * or sent to a model, with the saved card's token and last 4 digits (`card tok_... ending 4242`).
 * `save` saves the card with the payment provider; without it (no checkout on this store) only the
 * last 4 digits are kept. Digit runs that fail the Luhn check are not card numbers and stay.
 */
export async function redactCards(
  text: string,
  save: ((number: string) => Promise<{ token: string; last4: string }>) | undefined,
): Promise<string> {
  const found = [...text.matchAll(CARD_RUN)];
  if (found.length === 0) return text;
  let redacted = '';
  let from = 0;
  for (const match of found) {
    const digits = match[0].replace(/[ -]/g, '');
    if (!passesLuhn(digits)) continue;
    const card = save === undefined ? undefined : await save(digits);
    redacted += text.slice(from, match.index);
    redacted +=
      card === undefined ? `card ending ${digits.slice(-4)}` : `card ${card.token} ending ${card.last4}`;
    from = match.index + match[0].length;
  }
  return redacted + text.slice(from);
}
