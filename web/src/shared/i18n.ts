import i18next, { type ResourceLanguage } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { commonEn } from './locales/common-en.js';
import { commonZhCn } from './locales/common-zh-cn.js';
import { errorMessagesZhCn } from './locales/errors-zh-cn.js';

/** The languages the web apps speak, each named in itself; the short name fits a phone's top bar. */
export const LANGUAGES = [
  { code: 'en', name: 'English', short: 'EN' },
  { code: 'zh-CN', name: '简体中文', short: '中文' },
] as const;

/** A language the web apps speak. */
export type Language = (typeof LANGUAGES)[number]['code'];

/** Where a shopper's explicit choice is kept; detection alone never writes it. */
const CHOICE_KEY = 'rushcart.lang';

/** Any Chinese tag (zh, zh-TW, zh-Hans-CN) reads as zh-CN, which is all we translate; anything else is English. */
export function toLanguage(tag: string | undefined | null): Language {
  return tag !== undefined && tag !== null && /^zh\b/i.test(tag) ? 'zh-CN' : 'en';
}

/** A namespace of one app in each language: English is the source, the others must have every key. */
export interface AppMessages<Ns extends string, Messages extends ResourceLanguage> {
  readonly ns: Ns;
  readonly en: Messages;
  readonly 'zh-CN': Messages;
}

/**
 * Starts i18next for one app: the language comes from `?lang=`, then the shopper's earlier choice,
 * then the browser, and `<html lang>` follows it. Resources are bundled, so this is synchronous.
 */
export function startI18n<Ns extends string, Messages extends ResourceLanguage>(
  app: AppMessages<Ns, Messages>,
): typeof i18next {
  void i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: {
        en: { common: commonEn, [app.ns]: app.en },
        'zh-CN': { common: commonZhCn, errors: errorMessagesZhCn, [app.ns]: app['zh-CN'] },
      },
      supportedLngs: LANGUAGES.map((language) => language.code),
      fallbackLng: 'en',
      load: 'currentOnly',
      ns: ['common', app.ns],
      defaultNS: app.ns,
      initAsync: false,
      // React escapes what it renders; escaping here too would show &amp; to people.
      interpolation: { escapeValue: false },
      detection: {
        order: ['querystring', 'localStorage', 'navigator'],
        lookupQuerystring: 'lang',
        lookupLocalStorage: CHOICE_KEY,
        caches: [],
        convertDetectedLanguage: toLanguage,
      },
    });
  const follow = (language: string) => {
    document.documentElement.lang = toLanguage(language);
  };
  follow(i18next.language);
  i18next.on('languageChanged', follow);
  return i18next;
}

/** The language being shown now. */
export function currentLanguage(): Language {
  return toLanguage(i18next.resolvedLanguage ?? i18next.language);
}

/** Switches language and remembers the choice for the next visit. */
export function chooseLanguage(language: Language): void {
  try {
    window.localStorage.setItem(CHOICE_KEY, language);
  } catch {
    // Storage can be off (private mode, a partitioned frame); the choice then lasts this page.
  }
  void i18next.changeLanguage(language);
}

/** The server's message for an error code in the language shown, or its English message when there is none. */
export function errorMessage(code: string, serverMessage: string): string {
  const language = currentLanguage();
  if (language === 'en') return serverMessage;
  const translated: unknown = i18next.getResource(language, 'errors', code);
  return typeof translated === 'string' ? translated : serverMessage;
}
