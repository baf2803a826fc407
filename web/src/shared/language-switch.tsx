import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, LANGUAGES, type Language, toLanguage } from './i18n.js';

/** The language picker: each language named in itself, the choice kept for the next visit. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const id = useId();
  return (
    <span className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        value={toLanguage(i18n.resolvedLanguage ?? i18n.language)}
        onChange={(event) => chooseLanguage(event.target.value as Language)}
        data-testid="language-switch"
      >
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code} title={language.name}>
            {language.short}
          </option>
        ))}
      </select>
    </span>
  );
}
