import { type TemplatesOf } from './template';

/** What a partner hears of its offer: the ministry accepted, declined, or confirmed delivery. */
export const OFFER_TEMPLATES: TemplatesOf<'offer'> = {
  'offer.accepted': {
    en: (p) => ({
      subject: `Your offer of ${p.itemName} was accepted (${p.incidentReference})`,
      lines: [
        `The ministry accepted ${p.acceptedQuantity} ${p.unit} of ${p.itemName} offered by ${p.partnerName}.`,
      ],
      sms: `${p.incidentReference}: offer accepted, ${p.acceptedQuantity} ${p.unit} ${p.itemName}`,
    }),
    ru: (p) => ({
      subject: `Ваше предложение ${p.itemName} принято (${p.incidentReference})`,
      lines: [
        `Министерство приняло ${p.itemName}: ${p.acceptedQuantity} ${p.unit} от ${p.partnerName}.`,
      ],
      sms: `${p.incidentReference}: предложение принято, ${p.itemName} ${p.acceptedQuantity} ${p.unit}`,
    }),
    kk: (p) => ({
      subject: `${p.itemName} ұсынысыңыз қабылданды (${p.incidentReference})`,
      lines: [
        `Министрлік ${p.partnerName} ұсынған ${p.itemName} қабылдады: ${p.acceptedQuantity} ${p.unit}.`,
      ],
      sms: `${p.incidentReference}: ұсыныс қабылданды, ${p.itemName} ${p.acceptedQuantity} ${p.unit}`,
    }),
  },
  'offer.declined': {
    en: (p) => ({
      subject: `Your offer of ${p.itemName} was declined (${p.incidentReference})`,
      lines: [
        `The ministry declined the offer of ${p.quantity} ${p.unit} of ${p.itemName}.`,
        `Reason: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: offer of ${p.itemName} declined: ${p.reason}`,
    }),
    ru: (p) => ({
      subject: `Ваше предложение ${p.itemName} отклонено (${p.incidentReference})`,
      lines: [
        `Министерство отклонило предложение ${p.itemName} (${p.quantity} ${p.unit}).`,
        `Причина: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: предложение ${p.itemName} отклонено: ${p.reason}`,
    }),
    kk: (p) => ({
      subject: `${p.itemName} ұсынысыңыз қабылданбады (${p.incidentReference})`,
      lines: [
        `Министрлік ${p.itemName} ұсынысын қабылдамады (${p.quantity} ${p.unit}).`,
        `Себебі: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: ${p.itemName} ұсынысы қабылданбады: ${p.reason}`,
    }),
  },
  'offer.delivered': {
    en: (p) => ({
      subject: `Delivery of ${p.itemName} confirmed (${p.incidentReference})`,
      lines: [
        `The ministry confirmed delivery of ${p.deliveredQuantity} ${p.unit} of ${p.itemName}. Thank you.`,
      ],
      sms: `${p.incidentReference}: delivery confirmed, ${p.deliveredQuantity} ${p.unit} ${p.itemName}`,
    }),
    ru: (p) => ({
      subject: `Поставка ${p.itemName} подтверждена (${p.incidentReference})`,
      lines: [
        `Министерство подтвердило поставку ${p.itemName}: ${p.deliveredQuantity} ${p.unit}. Спасибо.`,
      ],
      sms: `${p.incidentReference}: поставка подтверждена, ${p.itemName} ${p.deliveredQuantity} ${p.unit}`,
    }),
    kk: (p) => ({
      subject: `${p.itemName} жеткізілімі расталды (${p.incidentReference})`,
      lines: [
        `Министрлік ${p.itemName} жеткізілімін растады: ${p.deliveredQuantity} ${p.unit}. Рахмет.`,
      ],
      sms: `${p.incidentReference}: жеткізілім расталды, ${p.itemName} ${p.deliveredQuantity} ${p.unit}`,
    }),
  },
};
