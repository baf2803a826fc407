import { chinesePlace, writtenInChinese } from '../../shared/address.js';
import type { AssistantAddress } from '../services.js';

/** The four municipalities are their own province: 上海市 is both region and city. */
const MUNICIPALITY = /^(北京|上海|天津|重庆)市?/;
const PROVINCE = /^(.{2,7}?(?:省|自治区|特别行政区))/;
const CITY = /^(.{1,8}?(?:市|自治州|地区|盟))/;
/** A mainland mobile number: the courier's phone, never the postal code. */
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const POSTAL_CODE = /(?<!\d)\d{6}(?!\d)/;
/** A piece of a house number: "90", "号", "3栋", "1201室". */
const HOUSE_NUMBER = /^(?=.*[\d号栋幢楼单元室层])[\dA-Za-z#-]*[号栋幢楼单元室层]?$/;
/** What marks the place part of an address rather than a name. */
const PLACE_MARK = /[省市区县镇乡村路街道巷弄号楼栋室院]/;

/**
 * Reads an address written the Chinese way, large to small with the name and postal code around
 * it ("广东省深圳市南山区科技园路1号，张三，518000"), into the checkout's fields with country CN.
 * A mainland mobile number becomes the phone. Undefined when a part is missing: the province or
 * municipality, the city, the street, a six-digit postal code or the name.
 */
export function parseChineseAddress(text: string): AssistantAddress | undefined {
  const phone = MOBILE.exec(text)?.[0];
  const withoutPhone = text.replace(MOBILE, ' ');
  const postalCode = POSTAL_CODE.exec(withoutPhone)?.[0];
  if (postalCode === undefined) return undefined;
  const parts = withoutPhone
    .replace(POSTAL_CODE, ' ')
    .split(/[，,、；;\s]+|邮编[:：]?|收件人[:：]?|收货人[:：]?/)
    .map((part) => part.trim())
    .filter(Boolean);
  const placeIndex = parts.findIndex(
    (part) => PLACE_MARK.test(part) && (MUNICIPALITY.test(part) || PROVINCE.test(part)),
  );
  if (placeIndex < 0) return undefined;
  // A house number written apart ("文三路 90 号") still belongs to the street.
  let end = placeIndex + 1;
  while (end < parts.length && HOUSE_NUMBER.test(parts[end] ?? '')) end += 1;
  const place = parts.slice(placeIndex, end).join('');
  const name = parts.find(
    (part, index) => (index < placeIndex || index >= end) && !PLACE_MARK.test(part) && part.length <= 20,
  );
  if (name === undefined) return undefined;

  const municipality = MUNICIPALITY.exec(place);
  let region: string;
  let city: string;
  let rest: string;
  if (municipality !== null) {
    region = `${municipality[1]}市`;
    city = region;
    rest = place.slice(municipality[0].length);
  } else {
    region = PROVINCE.exec(place)?.[1] ?? '';
    const afterProvince = place.slice(region.length);
    const cityMatch = CITY.exec(afterProvince);
    if (cityMatch?.[1] === undefined) return undefined;
    city = cityMatch[1];
    rest = afterProvince.slice(city.length);
  }
  if (rest.trim() === '') return undefined;
  return { name, line1: rest.trim(), city, region, postalCode, country: 'CN', ...(phone ? { phone } : {}) };
}

/** An address in one line the way it was written: Chinese large to small, others name first. */
export function addressLine(address: AssistantAddress): string {
  if (writtenInChinese(address)) {
    const phone = address.phone ? `，电话 ${maskedPhone(address.phone)}` : '';
    return `${chinesePlace(address)}，${address.name}，${address.postalCode}${phone}`;
  }
  const street = address.line2 ? `${address.line1}, ${address.line2}` : address.line1;
  const phone = address.phone ? `, phone ${maskedPhone(address.phone)}` : '';
  return `${address.name}, ${street}, ${address.city} ${address.postalCode}, ${address.country}${phone}`;
}

/** A phone as a reply may show it (replies are stored): the last four digits, e.g. "138****8000". */
export function maskedPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4
    ? '****'
    : `${digits.slice(0, Math.min(3, digits.length - 4))}****${digits.slice(-4)}`;
}
