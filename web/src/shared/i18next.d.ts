import 'i18next';
import type { consoleEn } from '../console/locales/en.js';
import type { storefrontEn } from '../storefront/locales/en.js';
import type { commonEn } from './locales/common-en.js';

/** Type-checks every `t()` key against the English source of its namespace. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: false;
    resources: {
      common: typeof commonEn;
      storefront: typeof storefrontEn;
      console: typeof consoleEn;
    };
  }
}
