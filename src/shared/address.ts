/** A shipping address as the API takes it (DESIGN.md, `shippingAddress`); the web and the assistant share it. */
export interface PostalAddress {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string | undefined;
  readonly city: string;
  readonly region?: string | undefined;
  readonly postalCode: string;
  readonly country: string;
  readonly phone?: string | undefined;
}

/** A phone the API accepts: digits, with spaces, dashes, parentheses or a leading +. */
export const PHONE_PATTERN = /^\+?\d[\d ()-]{4,24}$/;

/**
 * Whether an address is written the Chinese way, large to small: a CN address in Chinese
 * characters. One in pinyin ("1 Nanjing Road, Shanghai") keeps the Western order.
 */
export function writtenInChinese(address: Partial<PostalAddress>): boolean {
  return (
    (address.country ?? '').trim().toUpperCase() === 'CN' &&
    /[\u4e00-\u9fff]/.test(`${address.city ?? ''}${address.line1 ?? ''}`)
  );
}

/** The place of a Chinese address in one run: province (left out for a municipality, which is its own), city, street. */
export function chinesePlace(address: Partial<PostalAddress>): string {
  const part = (value: string | undefined) => value?.trim() ?? '';
  const province = part(address.region) === part(address.city) ? '' : part(address.region);
  return [province, address.city, address.line1, address.line2].map(part).join('');
}
