import type { RequestSnapshotV1 } from '@relief/contracts';
import type { Language } from '../subscribers/subscriber';
import { reasonIn, type ReasonFields } from './reasons';
import { type Args, type TemplatesOf } from './template';
import {
  amount,
  count,
  deadlineIn,
  fieldsIn,
  goodsIn,
  priorityIn,
  quote,
  regionIn,
} from './vocabulary';

const NONE = 'none';

/** The words every request message may use, in one language. */
function request(p: RequestSnapshotV1, l: Language): Args {
  const goods = goodsIn(p, p.quantity, l);
  const sms = goodsIn(p, p.quantity, l, { plainQuotes: true });
  return {
    ref: p.incidentReference,
    item: goods.item,
    itemOf: goods.itemOf,
    itemOfSms: sms.itemOf,
    goods: goods.goods,
    goodsSms: sms.goods,
    amount: goods.amount,
    quantity: count(p.quantity, l),
    region: regionIn(p.region, l).name,
    priority: priorityIn(p.priority, l),
    deadline: deadlineIn(p.neededBy, l),
    deadlineShort: deadlineIn(p.neededBy, l, true),
    scope: p.scope,
    remaining: goodsIn(p, p.coverage.remaining, l).goods,
    delivered: amount(p.coverage.delivered, p.unit, l),
    deliveredCount: count(p.coverage.delivered, l),
    deliveredGoods: goodsIn(p, p.coverage.delivered, l).goods,
    deliveredGoodsSms: goodsIn(p, p.coverage.delivered, l, { plainQuotes: true }).goods,
    notes: p.notes?.trim() ? quote(p.notes.trim(), l) : NONE,
  };
}

function reason(p: ReasonFields, l: Language): Args {
  return { reason: reasonIn(p, l) || NONE, reasonSms: reasonIn(p, l, true) || NONE };
}

/** Resource requests: raised, changed, opened to partners or brought back, and how they ended. */
export const REQUEST_TEMPLATES: TemplatesOf<'request'> = {
  'request.raised': {
    audiences: ['others'],
    args: (p, l) => request(p, l),
    wording: {
      en: {
        others: {
          subject: '{ref}: {goods} requested',
          lines: [
            'The ministry requests {goods} for the incident {ref} ({region}).',
            'Priority: {priority}. Needed {deadline}.',
            '{scope, select, international {The request is open to international partners.} other {The request is open to domestic partners only.}}',
            '{notes, select, none {} other {Notes: {notes}}}',
          ],
          sms: '{ref}: {goodsSms} needed {deadlineShort}, priority {priority}',
        },
      },
      ru: {
        others: {
          subject: '{ref}: запрос — {goods}',
          lines: [
            'Министерство запрашивает для инцидента {ref} ({region}): {goods}.',
            'Приоритет: {priority}. Срок: {deadline}.',
            '{scope, select, international {Запрос открыт для международных партнёров.} other {Запрос открыт только для отечественных партнёров.}}',
            '{notes, select, none {} other {Примечания: {notes}}}',
          ],
          sms: '{ref}: запрос — {goods}, {deadlineShort}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: сұраныс — {goods}',
          lines: [
            'Министрлік {ref} оқиғасы ({region}) үшін сұрайды: {goods}.',
            'Басымдығы: {priority}. Мерзімі: {deadline}.',
            '{scope, select, international {Сұраныс халықаралық серіктестерге ашық.} other {Сұраныс тек отандық серіктестерге арналған.}}',
            '{notes, select, none {} other {Ескертпе: {notes}}}',
          ],
          sms: '{ref}: {goods} керек, {deadlineShort}',
        },
      },
    },
  },

  'request.updated': {
    audiences: ['others'],
    args: (p, l) => ({
      ...request(p, l),
      fields: fieldsIn(p.changedFields, l) || NONE,
      previousQuantity: p.previousQuantity ? count(p.previousQuantity, l) : NONE,
    }),
    wording: {
      en: {
        others: {
          subject: '{ref}: request for {itemOf} changed',
          lines: [
            'The ministry changed the request for {itemOf} ({region}){fields, select, none {} other {: {fields}}}.',
            '{previousQuantity, select, none {Requested: {goods}.} other {Requested: {goods} (was {previousQuantity}).}}',
            'Priority: {priority}. Needed {deadline}.',
          ],
          sms: '{ref}: request for {itemOfSms} changed, now {goodsSms} needed {deadlineShort}',
        },
      },
      ru: {
        others: {
          subject: '{ref}: запрос {itemOf} изменён',
          lines: [
            'Министерство изменило запрос {itemOf} ({region}){fields, select, none {} other {: {fields}}}.',
            '{previousQuantity, select, none {Запрошено: {goods}.} other {Запрошено: {goods} (было {previousQuantity}).}}',
            'Приоритет: {priority}. Срок: {deadline}.',
          ],
          sms: '{ref}: запрос изменён, теперь {goods}, {deadlineShort}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: {item} сұранысы өзгертілді',
          lines: [
            'Министрлік {item} сұранысын өзгертті ({region}){fields, select, none {} other {: {fields}}}.',
            '{previousQuantity, select, none {Сұралғаны: {goods}.} other {Сұралғаны: {goods} (бұрын {previousQuantity}).}}',
            'Басымдығы: {priority}. Мерзімі: {deadline}.',
          ],
          sms: '{ref}: сұраныс өзгертілді, енді {goods}, {deadlineShort}',
        },
      },
    },
  },

  'request.scope-changed': {
    audiences: ['others'],
    args: (p, l) => ({ ...request(p, l), ...reason(p, l) }),
    wording: {
      en: {
        others: {
          subject:
            '{scope, select, international {{ref}: request for {itemOf} open to international partners} other {{ref}: request for {itemOf} now domestic only}}',
          lines: [
            '{scope, select, international {The request for {goods} ({region}) is now open to international partners.} other {The request for {goods} ({region}) is now domestic only: international offers are no longer sought.}}',
            'Still needed: {remaining}.',
            '{reason, select, none {} other {Reason: {reason}}}',
          ],
          sms: '{scope, select, international {{ref}: request for {itemOfSms} now open to international partners} other {{ref}: request for {itemOfSms} now domestic only, international offers no longer sought}}',
        },
      },
      ru: {
        others: {
          subject:
            '{scope, select, international {{ref}: запрос {itemOf} открыт для международных партнёров} other {{ref}: запрос {itemOf} теперь только для отечественных партнёров}}',
          lines: [
            '{scope, select, international {Запрос ({goods}, {region}) теперь открыт для международных партнёров.} other {Запрос ({goods}, {region}) теперь только для отечественных партнёров: международные предложения больше не принимаются.}}',
            'Ещё нужно: {remaining}.',
            '{reason, select, none {} other {Причина: {reason}}}',
          ],
          sms: '{scope, select, international {{ref}: запрос {itemOf} открыт для международных партнёров} other {{ref}: запрос {itemOf} только для отечественных партнёров}}',
        },
      },
      kk: {
        others: {
          subject:
            '{scope, select, international {{ref}: {item} сұранысы халықаралық серіктестерге ашық} other {{ref}: {item} сұранысы енді тек ішкі}}',
          lines: [
            '{scope, select, international {Сұраныс ({goods}, {region}) енді халықаралық серіктестерге ашық.} other {Сұраныс ({goods}, {region}) енді тек ішкі: халықаралық ұсыныстар бұдан былай қабылданбайды.}}',
            'Әлі керегі: {remaining}.',
            '{reason, select, none {} other {Себебі: {reason}}}',
          ],
          sms: '{scope, select, international {{ref}: {item} сұранысы халықаралық серіктестерге ашық} other {{ref}: {item} сұранысы енді тек ішкі}}',
        },
      },
    },
  },

  'request.fulfilled': {
    audiences: ['others'],
    args: (p, l) => request(p, l),
    wording: {
      en: {
        others: {
          subject: '{ref}: request for {itemOf} fulfilled',
          lines: [
            'The request for {goods} ({region}) is fulfilled: {deliveredGoods} delivered. Thank you to every partner.',
          ],
          sms: '{ref}: request fulfilled, {deliveredGoodsSms} delivered',
        },
      },
      ru: {
        others: {
          subject: '{ref}: запрос {itemOf} выполнен',
          lines: [
            'Запрос {itemOf} ({region}) выполнен. Доставлено: {deliveredGoods}. Спасибо всем партнёрам!',
          ],
          sms: '{ref}: запрос {itemOf} выполнен, доставлено: {deliveredGoods}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: {item} сұранысы орындалды',
          lines: [
            '{item} сұранысы ({region}) орындалды: {deliveredGoods} жеткізілді. Барлық серіктестерге рахмет!',
          ],
          sms: '{ref}: сұраныс орындалды, {deliveredGoods} жеткізілді',
        },
      },
    },
  },

  'request.cancelled': {
    audiences: ['others'],
    args: (p, l) => ({ ...request(p, l), ...reason(p, l) }),
    wording: {
      en: {
        others: {
          subject: '{ref}: request for {itemOf} cancelled',
          lines: [
            'The request for {goods} ({region}) was cancelled.',
            '{reason, select, none {} other {Reason: {reason}}}',
          ],
          sms: '{ref}: request for {itemOfSms} cancelled.{reasonSms, select, none {} other { Reason: {reasonSms}}}',
        },
      },
      ru: {
        others: {
          subject: '{ref}: запрос {itemOf} отменён',
          lines: [
            'Запрос ({goods}, {region}) отменён.',
            '{reason, select, none {} other {Причина: {reason}}}',
          ],
          sms: '{ref}: запрос {itemOf} отменён.{reason, select, none {} other { {reason}}}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: {item} сұранысының күші жойылды',
          lines: [
            'Сұраныстың күші жойылды ({goods}, {region}).',
            '{reason, select, none {} other {Себебі: {reason}}}',
          ],
          sms: '{ref}: {item} сұранысының күші жойылды.{reason, select, none {} other { {reason}}}',
        },
      },
    },
  },

  'request.closed': {
    audiences: ['others'],
    args: (p, l) => ({ ...request(p, l), ...reason(p, l) }),
    wording: {
      en: {
        others: {
          subject: '{ref}: request for {itemOf} closed',
          lines: [
            'The request for {goods} ({region}) was closed together with the incident {ref}.',
            'Delivered: {deliveredCount} of {goods}.',
            '{reason, select, none {} other {Reason: {reason}}}',
          ],
          sms: '{ref}: request for {itemOfSms} closed with the incident, {deliveredCount} of {goodsSms} delivered',
        },
      },
      ru: {
        others: {
          subject: '{ref}: запрос {itemOf} закрыт',
          lines: [
            'Запрос ({goods}, {region}) закрыт вместе с инцидентом {ref}.',
            'Доставлено: {deliveredGoods} из {quantity}.',
            '{reason, select, none {} other {Причина: {reason}}}',
          ],
          sms: '{ref}: запрос {itemOf} закрыт с инцидентом, доставлено {deliveredCount} из {quantity}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: {item} сұранысы жабылды',
          lines: [
            'Сұраныс ({goods}, {region}) {ref} оқиғасымен бірге жабылды.',
            'Жеткізілгені: {deliveredGoods} (сұралғаны {quantity}).',
            '{reason, select, none {} other {Себебі: {reason}}}',
          ],
          sms: '{ref}: сұраныс оқиғамен бірге жабылды, {deliveredGoods} жеткізілді',
        },
      },
    },
  },
};
