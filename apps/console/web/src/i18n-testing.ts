import i18next from 'i18next';
import { MESSAGES } from './i18n';
import type { Translate } from './problems';
import type { Language } from './vocabulary';

/** For tests: the console's own i18next setup (nested keys, placeholders, defaultValue) in one language. */
export function translator(lang: Language): Translate {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { [lang]: { translation: MESSAGES[lang] } },
    lng: lang,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return (key, options) => instance.t(key, options);
}
