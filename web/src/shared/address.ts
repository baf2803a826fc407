import {
  chinesePlace,
  PHONE_PATTERN,
  type PostalAddress,
  writtenInChinese,
} from '../../../src/shared/address.js';

export type { PostalAddress };

/** The address fields in the order people of a country fill them in. */
export type AddressField = 'name' | 'phone' | 'line1' | 'city' | 'region' | 'postalCode';

/**
 * Chinese addresses run from the province down to the street (省, 市, 详细地址), with the
 * recipient's mobile beside the name; elsewhere the street comes first. China requires the
 * province and the phone (couriers call); elsewhere both are optional.
 */
export function addressLayout(country: string): {
  fields: AddressField[];
  regionRequired: boolean;
  phoneRequired: boolean;
} {
  const code = country.trim().toUpperCase();
  if (code === 'CN')
    return {
      fields: ['name', 'phone', 'region', 'city', 'line1', 'postalCode'],
      regionRequired: true,
      phoneRequired: true,
    };
  return {
    fields: ['name', 'line1', 'city', 'region', 'postalCode', 'phone'],
    regionRequired: false,
    phoneRequired: false,
  };
}

/** Whether a phone has its country's shape: a mainland mobile for CN (+86 allowed), else digits and separators. */
export function phoneFits(country: string, phone: string): boolean {
  const trimmed = phone.trim();
  if (!PHONE_PATTERN.test(trimmed)) return false;
  if (country.trim().toUpperCase() !== 'CN') return true;
  return /^1[3-9]\d{9}$/.test(trimmed.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, ''));
}

/** Whether a postal code has its country's shape, where we know it (CN six digits, US five or nine). */
export function postalCodeFits(country: string, postalCode: string): boolean {
  const code = postalCode.trim();
  switch (country.trim().toUpperCase()) {
    case 'CN':
      return /^\d{6}$/.test(code);
    case 'US':
      return /^\d{5}(-\d{4})?$/.test(code);
    default:
      return code !== '';
  }
}

/** An address as lines to print: one written in Chinese large to small with the name last, others name first. */
export function addressLines(address: Partial<Record<keyof PostalAddress, string>>): string[] {
  const part = (value: string | undefined) => value?.trim() ?? '';
  if (writtenInChinese(address)) {
    const who = [part(address.name), part(address.phone), part(address.postalCode)].filter(Boolean).join(' ');
    return [chinesePlace(address), who].filter(Boolean);
  }
  const town = [part(address.city), part(address.region), part(address.postalCode)].filter(Boolean).join(' ');
  return [address.name, address.line1, address.line2, town, address.country, address.phone]
    .map(part)
    .filter(Boolean);
}
