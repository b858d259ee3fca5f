import type { OfferSnapshotV1 } from '@relief/contracts';
import type { Language } from '../subscribers/subscriber';
import { reasonIn, type ReasonFields } from './reasons';
import { type Args, type TemplatesOf } from './template';
import { amount, count, goodsIn } from './vocabulary';

const NONE = 'none';

/** The words every offer message may use, in one language. */
function offer(p: OfferSnapshotV1, l: Language): Args {
  const goods = goodsIn(p, p.quantity, l);
  return {
    ref: p.incidentReference,
    partner: p.partnerName,
    partnerCode: p.partnerCode,
    item: goods.item,
    goodsAcc: goods.goodsAcc,
    goods: goods.goods,
    goodsSms: goodsIn(p, p.quantity, l, { plainQuotes: true }).goods,
    amount: goods.amount,
    quantity: count(p.quantity, l),
  };
}

/** The words for `n` of the offered item (accepted, delivered, released ...). */
function part(p: OfferSnapshotV1, n: number, l: Language, name: string): Args {
  return {
    [name]: amount(n, p.unit, l),
    [`${name}Goods`]: goodsIn(p, n, l).goods,
    [`${name}GoodsAcc`]: goodsIn(p, n, l).goodsAcc,
    [`${name}GoodsSms`]: goodsIn(p, n, l, { plainQuotes: true }).goods,
  };
}

function reason(p: ReasonFields, l: Language): Args {
  return { reason: reasonIn(p, l) || NONE, reasonSms: reasonIn(p, l, true) || NONE };
}

/**
 * What is heard of an offer: the partner whose offer it is (`owner`) reads "your offer", the
 * ministry and everyone else (`others`) read whose offer it was.
 */
export const OFFER_TEMPLATES: TemplatesOf<'offer', 'owner' | 'others'> = {
  'offer.accepted': {
    audiences: ['owner', 'others'],
    args: (p, l) => ({
      ...offer(p, l),
      ...part(p, p.acceptedQuantity, l, 'accepted'),
      partial: p.acceptedQuantity < p.quantity ? 'yes' : 'no',
    }),
    wording: {
      en: {
        owner: {
          subject:
            '{ref}: your offer of {goods} was accepted{partial, select, yes { ({accepted})} other {}}',
          lines: [
            '{partial, select, yes {The ministry accepted {acceptedGoods} of the {quantity} you offered.} other {The ministry accepted your offer of {goods}.}}',
            'Thank you. Please arrange the dispatch with the ministry.',
          ],
          sms: '{ref}: your offer was accepted, {acceptedGoodsSms}',
        },
        others: {
          subject:
            '{ref}: offer from {partnerCode} of {goods} accepted{partial, select, yes { ({accepted})} other {}}',
          lines: [
            '{partial, select, yes {The ministry accepted {acceptedGoods} of the {quantity} offered by {partner}.} other {The ministry accepted the offer of {goods} from {partner}.}}',
          ],
          sms: '{ref}: offer from {partnerCode} accepted, {acceptedGoodsSms}',
        },
      },
      ru: {
        owner: {
          subject:
            '{ref}: ваше предложение принято ({acceptedGoods}{partial, select, yes { из {quantity}} other {}})',
          lines: [
            'Министерство приняло ваше предложение: {acceptedGoods}{partial, select, yes { из {quantity} предложенных} other {}}.',
            'Спасибо! Согласуйте, пожалуйста, отправку с министерством.',
          ],
          sms: '{ref}: ваше предложение принято, {acceptedGoods}',
        },
        others: {
          subject:
            '{ref}: принято предложение {partnerCode} ({acceptedGoods}{partial, select, yes { из {quantity}} other {}})',
          lines: [
            'Министерство приняло предложение: {acceptedGoods}{partial, select, yes { из {quantity} предложенных} other {}}.',
            'Партнёр: {partner}.',
          ],
          sms: '{ref}: принято предложение {partnerCode}, {acceptedGoods}',
        },
      },
      kk: {
        owner: {
          subject: '{ref}: ұсынысыңыз қабылданды ({acceptedGoods})',
          lines: [
            '{partial, select, yes {Министрлік ұсынысыңызды ішінара қабылдады: {acceptedGoods} (ұсынылғаны {quantity}).} other {Министрлік сіз ұсынған {goodsAcc} қабылдады.}}',
            'Рахмет! Жөнелтуді министрлікпен келісіңіз.',
          ],
          sms: '{ref}: ұсынысыңыз қабылданды, {acceptedGoods}',
        },
        others: {
          subject: '{ref}: {partnerCode} ұсынысы қабылданды ({acceptedGoods})',
          lines: [
            '{partial, select, yes {Министрлік {partner} ұсынысын ішінара қабылдады: {acceptedGoods} (ұсынылғаны {quantity}).} other {Министрлік {partner} ұсынған {goodsAcc} қабылдады.}}',
          ],
          sms: '{ref}: {partnerCode} ұсынысы қабылданды, {acceptedGoods}',
        },
      },
    },
  },

  'offer.declined': {
    audiences: ['owner', 'others'],
    args: (p, l) => ({
      ...offer(p, l),
      ...reason(p, l),
      reverted: p.acceptanceReverted ? 'yes' : 'no',
    }),
    wording: {
      en: {
        owner: {
          subject: '{ref}: your offer of {goods} was declined',
          lines: [
            '{reverted, select, yes {Your offer of {goods} had been accepted, but it could not be counted against the request: the acceptance is withdrawn.} other {The ministry declined your offer of {goods}.}}',
            '{reason, select, none {} other {Reason: {reason}}}',
          ],
          sms: '{ref}: your offer of {goodsSms} was declined.{reasonSms, select, none {} other { Reason: {reasonSms}}}',
        },
        others: {
          subject: '{ref}: offer from {partnerCode} of {goods} declined',
          lines: [
            '{reverted, select, yes {The accepted offer of {goods} from {partner} could not be counted against the request: the acceptance is withdrawn.} other {The ministry declined the offer of {goods} from {partner}.}}',
            '{reason, select, none {} other {Reason: {reason}}}',
          ],
          sms: '{ref}: offer from {partnerCode} of {goodsSms} declined.{reasonSms, select, none {} other { Reason: {reasonSms}}}',
        },
      },
      ru: {
        owner: {
          subject: '{ref}: ваше предложение отклонено ({goods})',
          lines: [
            '{reverted, select, yes {Ваше предложение было принято, но его не удалось учесть в запросе: принятие отменено ({goods}).} other {Министерство отклонило ваше предложение: {goods}.}}',
            '{reason, select, none {} other {Причина: {reason}}}',
          ],
          sms: '{ref}: ваше предложение отклонено, {goods}',
        },
        others: {
          subject: '{ref}: предложение {partnerCode} отклонено ({goods})',
          lines: [
            '{reverted, select, yes {Принятое предложение не удалось учесть в запросе: принятие отменено ({goods}).} other {Министерство отклонило предложение: {goods}.}}',
            'Партнёр: {partner}.',
            '{reason, select, none {} other {Причина: {reason}}}',
          ],
          sms: '{ref}: предложение {partnerCode} отклонено, {goods}',
        },
      },
      kk: {
        owner: {
          subject: '{ref}: ұсынысыңыз қабылданбады ({goods})',
          lines: [
            '{reverted, select, yes {Ұсынысыңыз қабылданған еді, бірақ сұранысқа есептелмеді: қабылдаудың күші жойылды ({goods}).} other {Министрлік сіз ұсынған {goodsAcc} қабылдамады.}}',
            '{reason, select, none {} other {Себебі: {reason}}}',
          ],
          sms: '{ref}: ұсынысыңыз қабылданбады, {goods}',
        },
        others: {
          subject: '{ref}: {partnerCode} ұсынысы қабылданбады ({goods})',
          lines: [
            '{reverted, select, yes {{partner} ұсынысы қабылданған еді, бірақ сұранысқа есептелмеді: қабылдаудың күші жойылды ({goods}).} other {Министрлік {partner} ұсынған {goodsAcc} қабылдамады.}}',
            '{reason, select, none {} other {Себебі: {reason}}}',
          ],
          sms: '{ref}: {partnerCode} ұсынысы қабылданбады, {goods}',
        },
      },
    },
  },

  'offer.withdrawn': {
    audiences: ['owner', 'others'],
    args: (p, l) => ({
      ...offer(p, l),
      ...reason(p, l),
      ...part(p, p.releasedQuantity ?? 1, l, 'released'),
      hasReleased: p.releasedQuantity ? 'yes' : 'no',
    }),
    wording: {
      en: {
        owner: {
          subject: '{ref}: your offer of {goods} is withdrawn',
          lines: [
            'Your offer of {goods} is withdrawn.',
            '{hasReleased, select, yes {No longer counted towards the request: {releasedGoods}.} other {}}',
            '{reason, select, none {} other {Reason: {reason}}}',
          ],
          sms: '{ref}: your offer of {goodsSms} is withdrawn',
        },
        others: {
          subject: '{ref}: {partnerCode} withdrew its offer of {goods}',
          lines: [
            '{partner} withdrew its offer of {goods}.',
            '{hasReleased, select, yes {No longer counted towards the request: {releasedGoods}.} other {}}',
            '{reason, select, none {} other {Reason: {reason}}}',
          ],
          sms: '{ref}: {partnerCode} withdrew its offer of {goodsSms}',
        },
      },
      ru: {
        owner: {
          subject: '{ref}: ваше предложение отозвано ({goods})',
          lines: [
            'Ваше предложение отозвано: {goods}.',
            '{hasReleased, select, yes {Больше не учитывается в запросе: {releasedGoods}.} other {}}',
            '{reason, select, none {} other {Причина: {reason}}}',
          ],
          sms: '{ref}: ваше предложение отозвано, {goods}',
        },
        others: {
          subject: '{ref}: предложение {partnerCode} отозвано ({goods})',
          lines: [
            'Партнёр отозвал предложение: {goods}.',
            '{hasReleased, select, yes {Больше не учитывается в запросе: {releasedGoods}.} other {}}',
            'Партнёр: {partner}.',
            '{reason, select, none {} other {Причина: {reason}}}',
          ],
          sms: '{ref}: предложение {partnerCode} отозвано, {goods}',
        },
      },
      kk: {
        owner: {
          subject: '{ref}: ұсынысыңыз кері қайтарылды ({goods})',
          lines: [
            'Ұсынысыңыз кері қайтарылды: {goods}.',
            '{hasReleased, select, yes {Сұраныс бойынша бұдан былай есептелмейді: {releasedGoods}.} other {}}',
            '{reason, select, none {} other {Себебі: {reason}}}',
          ],
          sms: '{ref}: ұсынысыңыз кері қайтарылды, {goods}',
        },
        others: {
          subject: '{ref}: {partnerCode} ұсынысын кері қайтарды ({goods})',
          lines: [
            '{partner} ұсынысын кері қайтарды: {goods}.',
            '{hasReleased, select, yes {Сұраныс бойынша бұдан былай есептелмейді: {releasedGoods}.} other {}}',
            '{reason, select, none {} other {Себебі: {reason}}}',
          ],
          sms: '{ref}: {partnerCode} ұсынысын кері қайтарды, {goods}',
        },
      },
    },
  },

  'offer.delivered': {
    audiences: ['owner', 'others'],
    args: (p, l) => ({
      ...offer(p, l),
      ...part(p, p.deliveredQuantity, l, 'delivered'),
      ...part(p, p.acceptedQuantity, l, 'accepted'),
      acceptedCount: count(p.acceptedQuantity, l),
      short: p.deliveredQuantity < p.acceptedQuantity ? 'yes' : 'no',
    }),
    wording: {
      en: {
        owner: {
          subject: '{ref}: delivery of {deliveredGoods} confirmed',
          lines: [
            'The ministry confirmed the delivery of {deliveredGoods} from your offer{short, select, yes {, of the {acceptedCount} accepted} other {}}. Thank you.',
          ],
          sms: '{ref}: delivery confirmed, {deliveredGoodsSms}. Thank you',
        },
        others: {
          subject: '{ref}: delivery from {partnerCode} confirmed, {deliveredGoods}',
          lines: [
            'The ministry confirmed the delivery of {deliveredGoods} from {partner}{short, select, yes {, of the {acceptedCount} accepted} other {}}.',
          ],
          sms: '{ref}: delivery from {partnerCode} confirmed, {deliveredGoodsSms}',
        },
      },
      ru: {
        owner: {
          subject: '{ref}: поставка подтверждена ({deliveredGoods})',
          lines: [
            'Министерство подтвердило поставку по вашему предложению: {deliveredGoods}{short, select, yes { из {acceptedCount} принятых} other {}}. Спасибо!',
          ],
          sms: '{ref}: поставка подтверждена, {deliveredGoods}. Спасибо!',
        },
        others: {
          subject: '{ref}: подтверждена поставка {partnerCode} ({deliveredGoods})',
          lines: [
            'Министерство подтвердило поставку: {deliveredGoods}{short, select, yes { из {acceptedCount} принятых} other {}}.',
            'Партнёр: {partner}.',
          ],
          sms: '{ref}: подтверждена поставка {partnerCode}, {deliveredGoods}',
        },
      },
      kk: {
        owner: {
          subject: '{ref}: жеткізілім расталды ({deliveredGoods})',
          lines: [
            'Министрлік ұсынысыңыз бойынша жеткізілімді растады: {deliveredGoods}{short, select, yes { (қабылданғаны {acceptedCount})} other {}}. Рахмет!',
          ],
          sms: '{ref}: жеткізілім расталды, {deliveredGoods}. Рахмет!',
        },
        others: {
          subject: '{ref}: {partnerCode} жеткізілімі расталды ({deliveredGoods})',
          lines: [
            'Министрлік {partner} жеткізілімін растады: {deliveredGoods}{short, select, yes { (қабылданғаны {acceptedCount})} other {}}.',
          ],
          sms: '{ref}: {partnerCode} жеткізілімі расталды, {deliveredGoods}',
        },
      },
    },
  },
};
