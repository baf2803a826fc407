import type { AppMessages } from '../../shared/i18n.js';
import { consoleEn } from './en.js';
import { consoleZhCn } from './zh-cn.js';

/** The console's namespace in every language it speaks. */
export const consoleMessages: AppMessages<'console', typeof consoleEn> = {
  ns: 'console',
  en: consoleEn,
  'zh-CN': consoleZhCn as typeof consoleEn,
};
