import type { FeedbackSnapshotV1 } from '@relief/contracts';
import type { Language } from '../subscribers/subscriber';
import { type Args, type TemplatesOf } from './template';
import { feedbackCategoryIn, goodsIn, quote, regionIn } from './vocabulary';

/** `none` is what a `{x, select, none {} other {…}}` reads as "not given". */
const NONE = 'none';

/** How much of the sender's words an operator's email quotes. */
export const FEEDBACK_QUOTE_LENGTH = 160;

const CHANNEL_NAMES: Readonly<Record<string, Record<Language, string>>> = {
  sms: { en: 'SMS', ru: 'СМС', kk: 'СМС' },
  web: { en: 'web form', ru: 'веб-форма', kk: 'веб-нысан' },
};

/** Who categorised it: the role only, never the person. */
const ROLES: Readonly<Record<string, Record<Language, string>>> = {
  operator: { en: 'an operator', ru: 'оператор', kk: 'оператор' },
  admin: { en: 'an administrator', ru: 'администратор', kk: 'әкімші' },
};

/** Something a sender typed that looks like a phone number (+7 701 234 56 78, 87012345678). */
const PHONE_LIKE = /\+?\d[\d\s().-]{7,}\d/g;

/**
 * The first `max` characters of a text, cut at a word, with an ellipsis when cut; a phone number
 * typed in it is left out (…), so no number reaches a notification even in the sender's words.
 */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(PHONE_LIKE, '…').replace(/\s+/g, ' ').trim();
  if (Array.from(flat).length <= max) return flat;
  const cut = Array.from(flat).slice(0, max).join('');
  const atWord = cut.slice(0, cut.lastIndexOf(' ')).replace(/[\s,.;:…-]+$/u, '');
  return `${atWord || cut}…`;
}

/** A catalogue item as a label (a code without words quoted, plainly in an SMS). */
function itemIn(itemCode: string, l: Language, plainQuotes = false): string {
  return goodsIn({ itemCode, itemName: itemCode, unit: 'piece' }, 1, l, { plainQuotes }).item;
}

/**
 * The words every feedback message may use. No phone number travels in the event, so none can
 * reach a message; the sender's words (`text`) are for the operators' wording only.
 */
function feedback(p: FeedbackSnapshotV1, l: Language): Args {
  return {
    ref: p.incidentReference ?? NONE,
    channelName: CHANNEL_NAMES[p.channel]?.[l] ?? p.channel,
    region: p.regionCode ? regionIn(p.regionCode, l).name : NONE,
    item: p.itemCode ? itemIn(p.itemCode, l) : NONE,
    itemSms: p.itemCode ? itemIn(p.itemCode, l, true) : NONE,
    category: p.category ? feedbackCategoryIn(p.category, l) : NONE,
    text: quote(excerpt(p.text, FEEDBACK_QUOTE_LENGTH), l),
  };
}

/**
 * Feedback from affected people, for subscribers who asked for it: the ministry's staff
 * (`operator`) read the sender's words and the category, partners (`partner`, only about items
 * they delivered) the category and the item, never the words.
 */
export const FEEDBACK_TEMPLATES: TemplatesOf<'feedback', 'operator' | 'partner'> = {
  'feedback.received': {
    audiences: ['operator', 'partner'],
    args: (p, l) => feedback(p, l),
    wording: {
      en: {
        operator: {
          subject:
            '{ref, select, none {New feedback} other {{ref}: new feedback}} ({channelName}){category, select, none {} other {, {category}}}',
          lines: [
            'Feedback came in by {channelName}.',
            '{region, select, none {} other {Region: {region}.}}',
            '{item, select, none {} other {Item: {item}.}}',
            '{category, select, none {Category: not given yet.} other {Category: {category}.}}',
            'In their words: {text}',
            'Read it and give it a category in the console.',
          ],
          sms: '{ref, select, none {New feedback} other {{ref}: new feedback}} ({channelName}){region, select, none {} other {, {region}}}{itemSms, select, none {} other {, {itemSms}}}{category, select, none {} other {, {category}}}',
        },
        partner: {
          subject:
            '{ref, select, none {New feedback} other {{ref}: new feedback}}{item, select, none {} other { on the {item}}}{category, select, none {} other {, {category}}}',
          lines: [
            'People who received aid sent feedback{item, select, none {} other { on the {item}}}.',
            '{region, select, none {} other {Region: {region}.}}',
            '{category, select, none {Category: not given yet.} other {Category: {category}.}}',
            'The ministry keeps who sent it and their words.',
          ],
          sms: '{ref, select, none {New feedback} other {{ref}: new feedback}}{itemSms, select, none {} other { on the {itemSms}}}{category, select, none {} other {, {category}}}',
        },
      },
      ru: {
        operator: {
          subject:
            '{ref, select, none {Новый отзыв} other {{ref}: новый отзыв}} ({channelName}){category, select, none {} other {, {category}}}',
          lines: [
            'Получен отзыв, канал: {channelName}.',
            '{region, select, none {} other {Регион: {region}.}}',
            '{item, select, none {} other {Предмет: {item}.}}',
            '{category, select, none {Категория пока не указана.} other {Категория: {category}.}}',
            'Слова отправителя: {text}',
            'Прочитайте отзыв и укажите его категорию в консоли.',
          ],
          sms: '{ref, select, none {Новый отзыв} other {{ref}: новый отзыв}} ({channelName}){region, select, none {} other {, {region}}}{itemSms, select, none {} other {, {itemSms}}}{category, select, none {} other {, {category}}}',
        },
        partner: {
          subject:
            '{ref, select, none {Новый отзыв} other {{ref}: новый отзыв}}{item, select, none {} other {, {item}}}{category, select, none {} other {, {category}}}',
          lines: [
            'Получатели помощи оставили отзыв{item, select, none {} other {, предмет: {item}}}.',
            '{region, select, none {} other {Регион: {region}.}}',
            '{category, select, none {Категория пока не указана.} other {Категория: {category}.}}',
            'Кто отправил отзыв и его слова известны только министерству.',
          ],
          sms: '{ref, select, none {Новый отзыв} other {{ref}: новый отзыв}}{itemSms, select, none {} other {, {itemSms}}}{category, select, none {} other {, {category}}}',
        },
      },
      kk: {
        operator: {
          subject:
            '{ref, select, none {Жаңа пікір} other {{ref}: жаңа пікір}} ({channelName}){category, select, none {} other {, {category}}}',
          lines: [
            'Пікір келді, арнасы: {channelName}.',
            '{region, select, none {} other {Өңір: {region}.}}',
            '{item, select, none {} other {Зат: {item}.}}',
            '{category, select, none {Санаты әлі көрсетілмеген.} other {Санаты: {category}.}}',
            'Жіберушінің сөзі: {text}',
            'Пікірді консольде оқып, санатын белгілеңіз.',
          ],
          sms: '{ref, select, none {Жаңа пікір} other {{ref}: жаңа пікір}} ({channelName}){region, select, none {} other {, {region}}}{itemSms, select, none {} other {, {itemSms}}}{category, select, none {} other {, {category}}}',
        },
        partner: {
          subject:
            '{ref, select, none {Жаңа пікір} other {{ref}: жаңа пікір}}{item, select, none {} other {, {item}}}{category, select, none {} other {, {category}}}',
          lines: [
            'Көмек алғандар пікір қалдырды{item, select, none {} other {, заты: {item}}}.',
            '{region, select, none {} other {Өңір: {region}.}}',
            '{category, select, none {Санаты әлі көрсетілмеген.} other {Санаты: {category}.}}',
            'Пікірді кім жібергенін және оның сөзін тек министрлік біледі.',
          ],
          sms: '{ref, select, none {Жаңа пікір} other {{ref}: жаңа пікір}}{itemSms, select, none {} other {, {itemSms}}}{category, select, none {} other {, {category}}}',
        },
      },
    },
  },

  'feedback.categorised': {
    audiences: ['operator', 'partner'],
    args: (p, l) => ({
      ...feedback(p, l),
      handled: p.handled ? 'yes' : 'no',
      by: ROLES[p.categorisedBy]?.[l] ?? ROLES.operator[l],
    }),
    wording: {
      en: {
        operator: {
          subject:
            '{ref, select, none {Feedback} other {{ref}: feedback}} reviewed{category, select, none {} other {, {category}}}{handled, select, yes {, handled} other {}}',
          lines: [
            'Feedback ({channelName}) was reviewed by {by}.',
            '{region, select, none {} other {Region: {region}.}}',
            '{item, select, none {} other {Item: {item}.}}',
            '{category, select, none {Category: not given.} other {Category: {category}.}}',
            '{handled, select, yes {It has been handled.} other {It is not handled yet.}}',
            'In their words: {text}',
          ],
          sms: '{ref, select, none {Feedback} other {{ref}: feedback}} ({channelName}) reviewed{category, select, none {} other {, {category}}}{handled, select, yes {, handled} other {}}',
        },
        partner: {
          subject:
            '{ref, select, none {Feedback} other {{ref}: feedback}}{item, select, none {} other { on the {item}}} reviewed{category, select, none {} other {, {category}}}',
          lines: [
            'Feedback{item, select, none {} other { on the {item}}} was reviewed by the ministry.',
            '{region, select, none {} other {Region: {region}.}}',
            '{category, select, none {Category: not given.} other {Category: {category}.}}',
            '{handled, select, yes {It has been handled.} other {It is not handled yet.}}',
          ],
          sms: '{ref, select, none {Feedback} other {{ref}: feedback}}{itemSms, select, none {} other { on the {itemSms}}} reviewed{category, select, none {} other {, {category}}}{handled, select, yes {, handled} other {}}',
        },
      },
      ru: {
        operator: {
          subject:
            '{ref, select, none {Отзыв} other {{ref}: отзыв}} рассмотрен{category, select, none {} other {, {category}}}{handled, select, yes {, обработан} other {}}',
          lines: [
            'Отзыв ({channelName}) рассмотрел {by}.',
            '{region, select, none {} other {Регион: {region}.}}',
            '{item, select, none {} other {Предмет: {item}.}}',
            '{category, select, none {Категория не указана.} other {Категория: {category}.}}',
            '{handled, select, yes {Отзыв обработан.} other {Отзыв ещё не обработан.}}',
            'Слова отправителя: {text}',
          ],
          sms: '{ref, select, none {Отзыв} other {{ref}: отзыв}} ({channelName}) рассмотрен{category, select, none {} other {, {category}}}{handled, select, yes {, обработан} other {}}',
        },
        partner: {
          subject:
            '{ref, select, none {Отзыв} other {{ref}: отзыв}} рассмотрен{item, select, none {} other {, {item}}}{category, select, none {} other {, {category}}}',
          lines: [
            'Министерство рассмотрело отзыв{item, select, none {} other {, предмет: {item}}}.',
            '{region, select, none {} other {Регион: {region}.}}',
            '{category, select, none {Категория не указана.} other {Категория: {category}.}}',
            '{handled, select, yes {Отзыв обработан.} other {Отзыв ещё не обработан.}}',
          ],
          sms: '{ref, select, none {Отзыв} other {{ref}: отзыв}} рассмотрен{itemSms, select, none {} other {, {itemSms}}}{category, select, none {} other {, {category}}}{handled, select, yes {, обработан} other {}}',
        },
      },
      kk: {
        operator: {
          subject:
            '{ref, select, none {Пікір} other {{ref}: пікір}} қаралды{category, select, none {} other {, {category}}}{handled, select, yes {, өңделді} other {}}',
          lines: [
            'Пікірді ({channelName}) {by} қарады.',
            '{region, select, none {} other {Өңір: {region}.}}',
            '{item, select, none {} other {Зат: {item}.}}',
            '{category, select, none {Санаты көрсетілмеген.} other {Санаты: {category}.}}',
            '{handled, select, yes {Пікір өңделді.} other {Пікір әлі өңделмеді.}}',
            'Жіберушінің сөзі: {text}',
          ],
          sms: '{ref, select, none {Пікір} other {{ref}: пікір}} ({channelName}) қаралды{category, select, none {} other {, {category}}}{handled, select, yes {, өңделді} other {}}',
        },
        partner: {
          subject:
            '{ref, select, none {Пікір} other {{ref}: пікір}} қаралды{item, select, none {} other {, {item}}}{category, select, none {} other {, {category}}}',
          lines: [
            'Министрлік пікірді қарады{item, select, none {} other {, заты: {item}}}.',
            '{region, select, none {} other {Өңір: {region}.}}',
            '{category, select, none {Санаты көрсетілмеген.} other {Санаты: {category}.}}',
            '{handled, select, yes {Пікір өңделді.} other {Пікір әлі өңделмеді.}}',
          ],
          sms: '{ref, select, none {Пікір} other {{ref}: пікір}} қаралды{itemSms, select, none {} other {, {itemSms}}}{category, select, none {} other {, {category}}}{handled, select, yes {, өңделді} other {}}',
        },
      },
    },
  },
};
