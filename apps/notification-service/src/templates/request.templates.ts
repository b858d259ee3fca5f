import { day, type TemplatesOf } from './template';

/** Resource requests: raised, opened to partners or brought back, and how they ended. */
export const REQUEST_TEMPLATES: TemplatesOf<'request'> = {
  'request.raised': {
    en: (p) => ({
      subject: `${p.incidentReference}: ${p.quantity} ${p.unit} ${p.itemName} requested`,
      lines: [
        `The ministry requests ${p.quantity} ${p.unit} of ${p.itemName} for ${p.incidentReference} (${p.region}).`,
        `Priority: ${p.priority}. Needed by: ${day(p.neededBy)}. Scope: ${p.scope}.`,
      ],
      sms: `${p.incidentReference}: need ${p.quantity} ${p.unit} ${p.itemName} by ${day(p.neededBy)}`,
    }),
    ru: (p) => ({
      subject: `${p.incidentReference}: запрошено ${p.itemName}, ${p.quantity} ${p.unit}`,
      lines: [
        `Министерство запрашивает ${p.itemName}: ${p.quantity} ${p.unit} для ${p.incidentReference} (${p.region}).`,
        `Приоритет: ${p.priority}. Срок: ${day(p.neededBy)}.`,
      ],
      sms: `${p.incidentReference}: нужно ${p.itemName} ${p.quantity} ${p.unit} до ${day(p.neededBy)}`,
    }),
    kk: (p) => ({
      subject: `${p.incidentReference}: ${p.itemName} сұралды, ${p.quantity} ${p.unit}`,
      lines: [
        `Министрлік ${p.incidentReference} (${p.region}) үшін ${p.itemName} сұрайды: ${p.quantity} ${p.unit}.`,
        `Басымдық: ${p.priority}. Мерзімі: ${day(p.neededBy)}.`,
      ],
      sms: `${p.incidentReference}: ${p.itemName} ${p.quantity} ${p.unit} керек, ${day(p.neededBy)} дейін`,
    }),
  },
  'request.scope-changed': {
    en: (p) =>
      p.scope === 'international'
        ? {
            subject: `${p.incidentReference}: request for ${p.itemName} open to international partners`,
            lines: [
              `The request for ${p.quantity} ${p.unit} of ${p.itemName} (${p.region}) is now open to international partners.`,
              `Still needed: ${p.coverage.remaining} ${p.unit}. Reason: ${p.reason}`,
            ],
            sms: `${p.incidentReference}: ${p.itemName} request now open to international partners`,
          }
        : {
            subject: `${p.incidentReference}: request for ${p.itemName} now domestic only`,
            lines: [
              `The request for ${p.quantity} ${p.unit} of ${p.itemName} (${p.region}) is now domestic only: international offers are no longer sought.`,
              `Still needed: ${p.coverage.remaining} ${p.unit}. Reason: ${p.reason}`,
            ],
            sms: `${p.incidentReference}: ${p.itemName} request now domestic only, international offers no longer sought`,
          },
    ru: (p) =>
      p.scope === 'international'
        ? {
            subject: `${p.incidentReference}: запрос ${p.itemName} открыт для международных партнёров`,
            lines: [
              `Запрос ${p.itemName} (${p.quantity} ${p.unit}, ${p.region}) теперь открыт для международных партнёров.`,
              `Ещё нужно: ${p.coverage.remaining} ${p.unit}. Причина: ${p.reason}`,
            ],
            sms: `${p.incidentReference}: запрос ${p.itemName} открыт для международных партнёров`,
          }
        : {
            subject: `${p.incidentReference}: запрос ${p.itemName} теперь только внутренний`,
            lines: [
              `Запрос ${p.itemName} (${p.quantity} ${p.unit}, ${p.region}) теперь только внутренний: международные предложения больше не запрашиваются.`,
              `Ещё нужно: ${p.coverage.remaining} ${p.unit}. Причина: ${p.reason}`,
            ],
            sms: `${p.incidentReference}: запрос ${p.itemName} теперь только внутренний, международные предложения не запрашиваются`,
          },
    kk: (p) =>
      p.scope === 'international'
        ? {
            subject: `${p.incidentReference}: ${p.itemName} сұранысы халықаралық серіктестерге ашық`,
            lines: [
              `${p.itemName} сұранысы (${p.quantity} ${p.unit}, ${p.region}) енді халықаралық серіктестерге ашық.`,
              `Әлі қажет: ${p.coverage.remaining} ${p.unit}. Себебі: ${p.reason}`,
            ],
            sms: `${p.incidentReference}: ${p.itemName} сұранысы халықаралық серіктестерге ашық`,
          }
        : {
            subject: `${p.incidentReference}: ${p.itemName} сұранысы енді тек ішкі`,
            lines: [
              `${p.itemName} сұранысы (${p.quantity} ${p.unit}, ${p.region}) енді тек ішкі: халықаралық ұсыныстар бұдан былай сұралмайды.`,
              `Әлі қажет: ${p.coverage.remaining} ${p.unit}. Себебі: ${p.reason}`,
            ],
            sms: `${p.incidentReference}: ${p.itemName} сұранысы енді тек ішкі, халықаралық ұсыныстар сұралмайды`,
          },
  },
  'request.fulfilled': {
    en: (p) => ({
      subject: `${p.incidentReference}: request for ${p.itemName} fulfilled`,
      lines: [
        `The request for ${p.quantity} ${p.unit} of ${p.itemName} (${p.region}) is fulfilled: ${p.coverage.delivered} ${p.unit} delivered.`,
      ],
      sms: `${p.incidentReference}: ${p.itemName} request fulfilled, ${p.coverage.delivered} ${p.unit} delivered`,
    }),
    ru: (p) => ({
      subject: `${p.incidentReference}: запрос ${p.itemName} выполнен`,
      lines: [
        `Запрос ${p.itemName} (${p.quantity} ${p.unit}, ${p.region}) выполнен: доставлено ${p.coverage.delivered} ${p.unit}.`,
      ],
      sms: `${p.incidentReference}: запрос ${p.itemName} выполнен, доставлено ${p.coverage.delivered} ${p.unit}`,
    }),
    kk: (p) => ({
      subject: `${p.incidentReference}: ${p.itemName} сұранысы орындалды`,
      lines: [
        `${p.itemName} сұранысы (${p.quantity} ${p.unit}, ${p.region}) орындалды: ${p.coverage.delivered} ${p.unit} жеткізілді.`,
      ],
      sms: `${p.incidentReference}: ${p.itemName} сұранысы орындалды, ${p.coverage.delivered} ${p.unit} жеткізілді`,
    }),
  },
  'request.cancelled': {
    en: (p) => ({
      subject: `${p.incidentReference}: request for ${p.itemName} cancelled`,
      lines: [
        `The request for ${p.quantity} ${p.unit} of ${p.itemName} (${p.region}) was cancelled.`,
        `Reason: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: ${p.itemName} request cancelled: ${p.reason}`,
    }),
    ru: (p) => ({
      subject: `${p.incidentReference}: запрос ${p.itemName} отменён`,
      lines: [
        `Запрос ${p.itemName} (${p.quantity} ${p.unit}, ${p.region}) отменён.`,
        `Причина: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: запрос ${p.itemName} отменён: ${p.reason}`,
    }),
    kk: (p) => ({
      subject: `${p.incidentReference}: ${p.itemName} сұранысы жойылды`,
      lines: [
        `${p.itemName} сұранысы (${p.quantity} ${p.unit}, ${p.region}) жойылды.`,
        `Себебі: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: ${p.itemName} сұранысы жойылды: ${p.reason}`,
    }),
  },
  'request.closed': {
    en: (p) => ({
      subject: `${p.incidentReference}: request for ${p.itemName} closed`,
      lines: [
        `The request for ${p.quantity} ${p.unit} of ${p.itemName} (${p.region}) was closed together with incident ${p.incidentReference}.`,
        `Delivered: ${p.coverage.delivered} of ${p.quantity} ${p.unit}.`,
        `Reason: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: ${p.itemName} request closed: ${p.reason}`,
    }),
    ru: (p) => ({
      subject: `${p.incidentReference}: запрос ${p.itemName} закрыт`,
      lines: [
        `Запрос ${p.itemName} (${p.quantity} ${p.unit}, ${p.region}) закрыт вместе с инцидентом ${p.incidentReference}.`,
        `Доставлено: ${p.coverage.delivered} из ${p.quantity} ${p.unit}.`,
        `Причина: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: запрос ${p.itemName} закрыт: ${p.reason}`,
    }),
    kk: (p) => ({
      subject: `${p.incidentReference}: ${p.itemName} сұранысы жабылды`,
      lines: [
        `${p.itemName} сұранысы (${p.quantity} ${p.unit}, ${p.region}) ${p.incidentReference} оқиғасымен бірге жабылды.`,
        `Жеткізілгені: ${p.coverage.delivered} / ${p.quantity} ${p.unit}.`,
        `Себебі: ${p.reason}`,
      ],
      sms: `${p.incidentReference}: ${p.itemName} сұранысы жабылды: ${p.reason}`,
    }),
  },
};
