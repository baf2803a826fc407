import type { AppMessages } from '../../shared/i18n.js';
import { storefrontEn } from './en.js';
import { storefrontZhCn } from './zh-cn.js';

/** The storefront's namespace in every language it speaks. */
export const storefrontMessages: AppMessages<'storefront', typeof storefrontEn> = {
  ns: 'storefront',
  en: storefrontEn,
  'zh-CN': storefrontZhCn as typeof storefrontEn,
};
