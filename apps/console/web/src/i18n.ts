import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { kk } from './locales/kk';
import { ru } from './locales/ru';
import { isLanguage, LOCALES, type Language } from './vocabulary';

export const MESSAGES = { kk, ru, en } as const;

const KEY = 'relief.console.language';

/** The language a user chose last on this browser (per user: `sub`), else the browser's, else kk. */
export function rememberedLanguage(userId?: string): Language {
  const stored = (userId && localStorage.getItem(`${KEY}.${userId}`)) || localStorage.getItem(KEY);
  if (isLanguage(stored)) return stored;
  const browser = navigator.language.slice(0, 2);
  return isLanguage(browser) ? browser : 'kk';
}

export function rememberLanguage(language: Language, userId?: string): void {
  localStorage.setItem(KEY, language);
  if (userId) localStorage.setItem(`${KEY}.${userId}`, language);
}

export function setupI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: {
      kk: { translation: kk },
      ru: { translation: ru },
      en: { translation: en },
    },
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const mark = (lng: string): void => {
    document.documentElement.lang = lng;
    document.title = i18next.t('app.title');
  };
  mark(language);
  i18next.on('languageChanged', mark);
  return i18next;
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'kk';
}

/**
 * The locale Intl formats numbers and numeric dates with. Kazakh writes them as Kazakhstan's
 * Russian does (CLDR: "5 400", 02.12.2026, 24-hour time), and some browsers ship no Kazakh data
 * while claiming to support kk-KZ (Debian's Chromium formats it as the root locale: "5,400",
 * "2026 M12 2"), so ru-KZ formats them for Kazakh.
 */
export function intlLocale(lang: Language): string {
  return lang === 'kk' ? 'ru-KZ' : LOCALES[lang];
}

export const formatNumber = (n: number, lang: Language): string =>
  new Intl.NumberFormat(intlLocale(lang)).format(n);

export const formatDateTime = (iso: string | null | undefined, lang: Language): string =>
  iso
    ? new Intl.DateTimeFormat(intlLocale(lang), {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso))
    : '';

export const formatDate = (iso: string | null | undefined, lang: Language): string =>
  iso
    ? new Intl.DateTimeFormat(intlLocale(lang), {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(iso))
    : '';
