import polyglotI18nProvider from 'ra-i18n-polyglot';
import { swedishMessages } from './sv';
import { englishAppMessages } from './en';

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? englishAppMessages : swedishMessages),
  'sv',
  [
    { locale: 'sv', name: 'Svenska' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: false },
);
