import type { Language } from '../subscribers/subscriber';
import { formatMessage, type Args } from './template';

/** The automatic answers to an inbound text: its acknowledgement, and the STOP / START confirmations. */
export const FEEDBACK_REPLIES = ['received', 'stopped', 'started'] as const;
export type FeedbackReply = (typeof FEEDBACK_REPLIES)[number];

/**
 * The command words a reply tells the sender to text, in the reader's language (the keyword
 * parser, feedback-keywords.ts, takes each of them in any language).
 */
const COMMANDS: Readonly<Record<Language, { stop: string; start: string }>> = {
  kk: { stop: 'ТОҚТАТУ', start: 'БАСТАУ' },
  ru: { stop: 'СТОП', start: 'СТАРТ' },
  en: { stop: 'STOP', start: 'START' },
};

/**
 * The replies in ICU MessageFormat: one SMS each, short (English in one GSM-7 part; Kazakh and
 * Russian, UCS-2 whatever their wording, in two parts at most). `{linked}` is `yes` when the
 * message was linked to an incident (it went to the team working on it).
 */
export const REPLY_TEMPLATES: Readonly<Record<FeedbackReply, Readonly<Record<Language, string>>>> =
  {
    received: {
      kk: 'Рахмет, хабарламаңыз алынды және {linked, select, yes {осы оқиға бойынша } other {}}ТЖ штабына жеткізілді. Хабарлама алмау үшін {stop} деп жазыңыз.',
      ru: 'Спасибо, ваше сообщение получено и передано в штаб по ЧС{linked, select, yes { по этому происшествию} other {}}. Чтобы не получать сообщений, ответьте {stop}.',
      en: 'Thank you, your message was received and passed to the emergency team{linked, select, yes { working on this incident} other {}}. Reply {stop} to get no more messages.',
    },
    stopped: {
      kk: 'Бұл нөмірге енді хабарлама жіберілмейді. Қайта алу үшін {start} деп жазыңыз.',
      ru: 'Вы больше не будете получать сообщения на этот номер. Чтобы возобновить, ответьте {start}.',
      en: 'You will get no more messages on this number. Reply {start} to resume.',
    },
    started: {
      kk: 'Бұл нөмірге хабарламалар қайта жіберіледі. Бас тарту үшін {stop} деп жазыңыз.',
      ru: 'Сообщения на этот номер снова будут приходить. Чтобы отказаться, ответьте {stop}.',
      en: 'Messages to this number are resumed. Reply {stop} to stop them.',
    },
  };

/** One reply as the sender reads it, in their language. */
export function renderReply(
  reply: FeedbackReply,
  language: Language,
  facts: { linked: boolean } = { linked: false },
): string {
  const args: Args = { ...COMMANDS[language], linked: facts.linked ? 'yes' : 'no' };
  return formatMessage(REPLY_TEMPLATES[reply][language], language, args);
}
