import type { FeedbackLanguage } from '@relief/contracts';

/** The one automatic answer to an inbound text, in the sender's language. */
export type FeedbackReply = 'received' | 'stopped' | 'started';

const REPLIES: Record<FeedbackReply, Record<FeedbackLanguage, string>> = {
  received: {
    kk: 'Рахмет, хабарламаңыз алынды және төтенше жағдай штабына жеткізілді. Хабарлама алмау үшін ТОҚТАТУ деп жазыңыз.',
    ru: 'Спасибо, ваше сообщение получено и передано в штаб по ЧС. Чтобы больше не получать сообщений, отправьте СТОП.',
    en: 'Thank you, your message was received and passed to the emergency team. Reply STOP to receive no more messages.',
  },
  stopped: {
    kk: 'Бұл нөмірге енді хабарлама жіберілмейді. Қайта алу үшін БАСТАУ деп жазыңыз.',
    ru: 'Вы больше не будете получать сообщения на этот номер. Чтобы возобновить, отправьте СТАРТ.',
    en: 'You will receive no more messages on this number. Send START to resume.',
  },
  started: {
    kk: 'Бұл нөмірге хабарламалар қайта жіберіледі. Бас тарту үшін ТОҚТАТУ деп жазыңыз.',
    ru: 'Сообщения на этот номер снова будут приходить. Чтобы отказаться, отправьте СТОП.',
    en: 'Messages to this number are resumed. Send STOP to stop them.',
  },
};

export function feedbackReply(reply: FeedbackReply, language: FeedbackLanguage): string {
  return REPLIES[reply][language];
}
