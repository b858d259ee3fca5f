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
 * The locale Intl formats with. Some browsers ship no Kazakh data (Debian's Chromium): Intl
 * then falls back to English ("5,400", month-first dates). Kazakh numbers and dates are written
 * as in Kazakhstan's Russian ("5 400", 02.12.2026), so that locale stands in for it.
 */
export function intlLocale(
  lang: Language,
  supported: (locales: string[]) => string[] = (l) => Intl.NumberFormat.supportedLocalesOf(l),
): string {
  const wanted = LOCALES[lang];
  if (supported([wanted]).length > 0) return wanted;
  return lang === 'kk' ? 'ru-KZ' : wanted;
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
