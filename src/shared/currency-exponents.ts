/**
 * ISO 4217 minor-unit exponents (digits after the decimal point) of the active currencies that do
 * not have two, from the ISO 4217 list one (amendment 179). Every other currency has two. Kept as
 * data rather than read from Intl, whose CLDR display digits differ from ISO for some currencies
 * (Intl shows HUF and others with 0 digits; ISO 4217 says 2). Imported by the server and the web apps.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Digits after the decimal point of a currency's minor unit: 2 for USD and CNY, 0 for JPY, 3 for KWD. */
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}
