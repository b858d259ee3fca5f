import type { Language } from '../subscribers/subscriber';
import { localize } from './vocabulary';

/** What one template produces; html is derived from the lines with every value escaped. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

type Payload = Record<string, unknown>;
interface Draft {
  subject: string;
  lines: string[];
  sms: string;
}
/** One template: a draft per language; a language left out falls back to English. */
export type Template = Partial<Record<Language, (p: Payload) => Draft>> & {
  en: (p: Payload) => Draft;
};

const v = (p: Payload, key: string): string => {
  const value = p[key];
  if (value === null || value === undefined || value === '') return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
};
/** An impact figure of an incident snapshot (`figures.affected` ...). */
const f = (p: Payload, key: string): string => v((p.figures ?? {}) as Payload, key);
/** A day: `neededBy` travels as midnight UTC (2024-04-05T00:00:00.000Z); people read 2024-04-05. */
const date = (p: Payload, key: string): string =>
  v(p, key).replace(/^(\d{4}-\d{2}-\d{2})T00:00:00(\.0+)?Z$/, '$1');
/** A list in the payload, comma-separated. */
const list = (p: Payload, key: string): string =>
  Array.isArray(p[key]) && p[key].length > 0 ? p[key].map(String).join(', ') : '-';
/** A coverage figure of a request snapshot (`coverage.delivered` ...). */
const c = (p: Payload, key: string): string => v((p.coverage ?? {}) as Payload, key);
/** The scope a request has after the change; anything but `international` reads as domestic. */
const international = (p: Payload): boolean => p.scope === 'international';

export const TEMPLATES: Readonly<Record<string, Template>> = {
  'incident.reported': {
    en: (p) => ({
      subject: `New incident ${v(p, 'reference')}: ${v(p, 'title')}`,
      lines: [
        `A new incident was reported in ${v(p, 'region')}: ${v(p, 'title')}.`,
        `Hazard: ${v(p, 'hazard')}. Severity: ${v(p, 'severity')}. Urgency: ${v(p, 'urgency')}.`,
        `Area: ${v(p, 'areaDescription')}`,
      ],
      sms: `${v(p, 'reference')}: new incident in ${v(p, 'region')}, ${v(p, 'severity')}. ${v(p, 'title')}`,
    }),
    ru: (p) => ({
      subject: `Новый инцидент ${v(p, 'reference')}: ${v(p, 'title')}`,
      lines: [
        `Зарегистрирован новый инцидент в регионе ${v(p, 'region')}: ${v(p, 'title')}.`,
        `Угроза: ${v(p, 'hazard')}. Серьёзность: ${v(p, 'severity')}. Срочность: ${v(p, 'urgency')}.`,
        `Район: ${v(p, 'areaDescription')}`,
      ],
      sms: `${v(p, 'reference')}: новый инцидент, ${v(p, 'region')}, ${v(p, 'severity')}. ${v(p, 'title')}`,
    }),
    kk: (p) => ({
      subject: `Жаңа оқиға ${v(p, 'reference')}: ${v(p, 'title')}`,
      lines: [
        `${v(p, 'region')} аумағында жаңа оқиға тіркелді: ${v(p, 'title')}.`,
        `Қауіп: ${v(p, 'hazard')}. Ауырлығы: ${v(p, 'severity')}. Шұғылдығы: ${v(p, 'urgency')}.`,
        `Аумақ: ${v(p, 'areaDescription')}`,
      ],
      sms: `${v(p, 'reference')}: жаңа оқиға, ${v(p, 'region')}, ${v(p, 'severity')}. ${v(p, 'title')}`,
    }),
  },
  'incident.severity-changed': {
    en: (p) => ({
      subject: `${v(p, 'reference')}: severity ${v(p, 'previousSeverity')} → ${v(p, 'severity')}`,
      lines: [
        `The severity of ${v(p, 'title')} (${v(p, 'region')}) changed from ${v(p, 'previousSeverity')} to ${v(p, 'severity')}.`,
      ],
      sms: `${v(p, 'reference')}: severity ${v(p, 'previousSeverity')} -> ${v(p, 'severity')}`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'reference')}: серьёзность ${v(p, 'previousSeverity')} → ${v(p, 'severity')}`,
      lines: [
        `Серьёзность инцидента «${v(p, 'title')}» (${v(p, 'region')}) изменилась: ${v(p, 'previousSeverity')} → ${v(p, 'severity')}.`,
      ],
      sms: `${v(p, 'reference')}: серьёзность ${v(p, 'previousSeverity')} -> ${v(p, 'severity')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'reference')}: ауырлығы ${v(p, 'previousSeverity')} → ${v(p, 'severity')}`,
      lines: [
        `«${v(p, 'title')}» (${v(p, 'region')}) оқиғасының ауырлығы өзгерді: ${v(p, 'previousSeverity')} → ${v(p, 'severity')}.`,
      ],
      sms: `${v(p, 'reference')}: ауырлығы ${v(p, 'previousSeverity')} -> ${v(p, 'severity')}`,
    }),
  },
  'incident.updated': {
    en: (p) => ({
      subject: `${v(p, 'reference')} updated: ${v(p, 'title')}`,
      lines: [
        `The incident ${v(p, 'title')} (${v(p, 'region')}) was corrected.`,
        `Changed: ${list(p, 'changedFields')}. Area: ${v(p, 'areaDescription')}`,
      ],
      sms: `${v(p, 'reference')}: incident details updated. ${v(p, 'title')}`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'reference')} обновлён: ${v(p, 'title')}`,
      lines: [
        `Сведения об инциденте «${v(p, 'title')}» (${v(p, 'region')}) уточнены.`,
        `Изменено: ${list(p, 'changedFields')}. Район: ${v(p, 'areaDescription')}`,
      ],
      sms: `${v(p, 'reference')}: сведения об инциденте обновлены. ${v(p, 'title')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'reference')} жаңартылды: ${v(p, 'title')}`,
      lines: [
        `«${v(p, 'title')}» (${v(p, 'region')}) оқиғасының мәліметтері нақтыланды.`,
        `Өзгертілгені: ${list(p, 'changedFields')}. Аумақ: ${v(p, 'areaDescription')}`,
      ],
      sms: `${v(p, 'reference')}: оқиға мәліметтері жаңартылды. ${v(p, 'title')}`,
    }),
  },
  'incident.status-changed': {
    en: (p) => ({
      subject: `${v(p, 'reference')}: status ${v(p, 'previousStatus')} → ${v(p, 'status')}`,
      lines: [
        `The incident ${v(p, 'title')} (${v(p, 'region')}) moved from ${v(p, 'previousStatus')} to ${v(p, 'status')}.`,
      ],
      sms: `${v(p, 'reference')}: status ${v(p, 'previousStatus')} -> ${v(p, 'status')}. ${v(p, 'title')}`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'reference')}: статус ${v(p, 'previousStatus')} → ${v(p, 'status')}`,
      lines: [
        `Статус инцидента «${v(p, 'title')}» (${v(p, 'region')}) изменился: ${v(p, 'previousStatus')} → ${v(p, 'status')}.`,
      ],
      sms: `${v(p, 'reference')}: статус ${v(p, 'previousStatus')} -> ${v(p, 'status')}. ${v(p, 'title')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'reference')}: мәртебесі ${v(p, 'previousStatus')} → ${v(p, 'status')}`,
      lines: [
        `«${v(p, 'title')}» (${v(p, 'region')}) оқиғасының мәртебесі өзгерді: ${v(p, 'previousStatus')} → ${v(p, 'status')}.`,
      ],
      sms: `${v(p, 'reference')}: мәртебесі ${v(p, 'previousStatus')} -> ${v(p, 'status')}. ${v(p, 'title')}`,
    }),
  },
  'incident.situation-updated': {
    en: (p) => ({
      subject: `${v(p, 'reference')}: situation update, ${f(p, 'affected')} affected, ${f(p, 'evacuated')} evacuated`,
      lines: [
        `Situation report on ${v(p, 'title')} (${v(p, 'region')}): ${v(p, 'summary')}`,
        `Affected: ${f(p, 'affected')}. Evacuated: ${f(p, 'evacuated')}. Injured: ${f(p, 'injured')}. Dead: ${f(p, 'dead')}. Homes damaged: ${f(p, 'homesDamaged')}.`,
      ],
      sms: `${v(p, 'reference')}: ${f(p, 'affected')} affected, ${f(p, 'evacuated')} evacuated. ${v(p, 'summary')}`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'reference')}: обстановка, пострадавших ${f(p, 'affected')}, эвакуировано ${f(p, 'evacuated')}`,
      lines: [
        `Сводка по инциденту «${v(p, 'title')}» (${v(p, 'region')}): ${v(p, 'summary')}`,
        `Пострадавших: ${f(p, 'affected')}. Эвакуировано: ${f(p, 'evacuated')}. Раненых: ${f(p, 'injured')}. Погибших: ${f(p, 'dead')}. Повреждено домов: ${f(p, 'homesDamaged')}.`,
      ],
      sms: `${v(p, 'reference')}: пострадавших ${f(p, 'affected')}, эвакуировано ${f(p, 'evacuated')}. ${v(p, 'summary')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'reference')}: жағдай, зардап шеккендер ${f(p, 'affected')}, көшірілгендер ${f(p, 'evacuated')}`,
      lines: [
        `«${v(p, 'title')}» (${v(p, 'region')}) оқиғасы бойынша жағдай: ${v(p, 'summary')}`,
        `Зардап шеккендер: ${f(p, 'affected')}. Көшірілгендер: ${f(p, 'evacuated')}. Жараланғандар: ${f(p, 'injured')}. Қаза тапқандар: ${f(p, 'dead')}. Зақымданған үйлер: ${f(p, 'homesDamaged')}.`,
      ],
      sms: `${v(p, 'reference')}: зардап шеккендер ${f(p, 'affected')}, көшірілгендер ${f(p, 'evacuated')}. ${v(p, 'summary')}`,
    }),
  },
  'incident.closed': {
    en: (p) => ({
      subject: `${v(p, 'reference')} ${v(p, 'status')}: ${v(p, 'title')}`,
      lines: [
        `The incident ${v(p, 'title')} (${v(p, 'region')}) is ${v(p, 'status')}.`,
        `Reason: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'reference')}: incident ${v(p, 'status')}. ${v(p, 'reason')}`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'reference')} закрыт: ${v(p, 'title')}`,
      lines: [
        `Инцидент «${v(p, 'title')}» (${v(p, 'region')}) закрыт (${v(p, 'status')}).`,
        `Причина: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'reference')}: инцидент закрыт. ${v(p, 'reason')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'reference')} жабылды: ${v(p, 'title')}`,
      lines: [
        `«${v(p, 'title')}» (${v(p, 'region')}) оқиғасы жабылды (${v(p, 'status')}).`,
        `Себебі: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'reference')}: оқиға жабылды. ${v(p, 'reason')}`,
    }),
  },
  'request.raised': {
    en: (p) => ({
      subject: `${v(p, 'incidentReference')}: ${v(p, 'quantity')} ${v(p, 'unit')} ${v(p, 'itemName')} requested`,
      lines: [
        `The ministry requests ${v(p, 'quantity')} ${v(p, 'unit')} of ${v(p, 'itemName')} for ${v(p, 'incidentReference')} (${v(p, 'region')}).`,
        `Priority: ${v(p, 'priority')}. Needed by: ${date(p, 'neededBy')}. Scope: ${v(p, 'scope')}.`,
      ],
      sms: `${v(p, 'incidentReference')}: need ${v(p, 'quantity')} ${v(p, 'unit')} ${v(p, 'itemName')} by ${date(p, 'neededBy')}`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'incidentReference')}: запрошено ${v(p, 'itemName')}, ${v(p, 'quantity')} ${v(p, 'unit')}`,
      lines: [
        `Министерство запрашивает ${v(p, 'itemName')}: ${v(p, 'quantity')} ${v(p, 'unit')} для ${v(p, 'incidentReference')} (${v(p, 'region')}).`,
        `Приоритет: ${v(p, 'priority')}. Срок: ${date(p, 'neededBy')}.`,
      ],
      sms: `${v(p, 'incidentReference')}: нужно ${v(p, 'itemName')} ${v(p, 'quantity')} ${v(p, 'unit')} до ${date(p, 'neededBy')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұралды, ${v(p, 'quantity')} ${v(p, 'unit')}`,
      lines: [
        `Министрлік ${v(p, 'incidentReference')} (${v(p, 'region')}) үшін ${v(p, 'itemName')} сұрайды: ${v(p, 'quantity')} ${v(p, 'unit')}.`,
        `Басымдық: ${v(p, 'priority')}. Мерзімі: ${date(p, 'neededBy')}.`,
      ],
      sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} ${v(p, 'quantity')} ${v(p, 'unit')} керек, ${date(p, 'neededBy')} дейін`,
    }),
  },
  'request.scope-changed': {
    en: (p) =>
      international(p)
        ? {
            subject: `${v(p, 'incidentReference')}: request for ${v(p, 'itemName')} open to international partners`,
            lines: [
              `The request for ${v(p, 'quantity')} ${v(p, 'unit')} of ${v(p, 'itemName')} (${v(p, 'region')}) is now open to international partners.`,
              `Still needed: ${c(p, 'remaining')} ${v(p, 'unit')}. Reason: ${v(p, 'reason')}`,
            ],
            sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} request now open to international partners`,
          }
        : {
            subject: `${v(p, 'incidentReference')}: request for ${v(p, 'itemName')} now domestic only`,
            lines: [
              `The request for ${v(p, 'quantity')} ${v(p, 'unit')} of ${v(p, 'itemName')} (${v(p, 'region')}) is now domestic only: international offers are no longer sought.`,
              `Still needed: ${c(p, 'remaining')} ${v(p, 'unit')}. Reason: ${v(p, 'reason')}`,
            ],
            sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} request now domestic only, international offers no longer sought`,
          },
    ru: (p) =>
      international(p)
        ? {
            subject: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} открыт для международных партнёров`,
            lines: [
              `Запрос ${v(p, 'itemName')} (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) теперь открыт для международных партнёров.`,
              `Ещё нужно: ${c(p, 'remaining')} ${v(p, 'unit')}. Причина: ${v(p, 'reason')}`,
            ],
            sms: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} открыт для международных партнёров`,
          }
        : {
            subject: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} теперь только внутренний`,
            lines: [
              `Запрос ${v(p, 'itemName')} (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) теперь только внутренний: международные предложения больше не запрашиваются.`,
              `Ещё нужно: ${c(p, 'remaining')} ${v(p, 'unit')}. Причина: ${v(p, 'reason')}`,
            ],
            sms: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} теперь только внутренний, международные предложения не запрашиваются`,
          },
    kk: (p) =>
      international(p)
        ? {
            subject: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы халықаралық серіктестерге ашық`,
            lines: [
              `${v(p, 'itemName')} сұранысы (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) енді халықаралық серіктестерге ашық.`,
              `Әлі қажет: ${c(p, 'remaining')} ${v(p, 'unit')}. Себебі: ${v(p, 'reason')}`,
            ],
            sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы халықаралық серіктестерге ашық`,
          }
        : {
            subject: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы енді тек ішкі`,
            lines: [
              `${v(p, 'itemName')} сұранысы (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) енді тек ішкі: халықаралық ұсыныстар бұдан былай сұралмайды.`,
              `Әлі қажет: ${c(p, 'remaining')} ${v(p, 'unit')}. Себебі: ${v(p, 'reason')}`,
            ],
            sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы енді тек ішкі, халықаралық ұсыныстар сұралмайды`,
          },
  },
  'request.fulfilled': {
    en: (p) => ({
      subject: `${v(p, 'incidentReference')}: request for ${v(p, 'itemName')} fulfilled`,
      lines: [
        `The request for ${v(p, 'quantity')} ${v(p, 'unit')} of ${v(p, 'itemName')} (${v(p, 'region')}) is fulfilled: ${c(p, 'delivered')} ${v(p, 'unit')} delivered.`,
      ],
      sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} request fulfilled, ${c(p, 'delivered')} ${v(p, 'unit')} delivered`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} выполнен`,
      lines: [
        `Запрос ${v(p, 'itemName')} (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) выполнен: доставлено ${c(p, 'delivered')} ${v(p, 'unit')}.`,
      ],
      sms: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} выполнен, доставлено ${c(p, 'delivered')} ${v(p, 'unit')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы орындалды`,
      lines: [
        `${v(p, 'itemName')} сұранысы (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) орындалды: ${c(p, 'delivered')} ${v(p, 'unit')} жеткізілді.`,
      ],
      sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы орындалды, ${c(p, 'delivered')} ${v(p, 'unit')} жеткізілді`,
    }),
  },
  'request.cancelled': {
    en: (p) => ({
      subject: `${v(p, 'incidentReference')}: request for ${v(p, 'itemName')} cancelled`,
      lines: [
        `The request for ${v(p, 'quantity')} ${v(p, 'unit')} of ${v(p, 'itemName')} (${v(p, 'region')}) was cancelled.`,
        `Reason: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} request cancelled: ${v(p, 'reason')}`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} отменён`,
      lines: [
        `Запрос ${v(p, 'itemName')} (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) отменён.`,
        `Причина: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} отменён: ${v(p, 'reason')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы жойылды`,
      lines: [
        `${v(p, 'itemName')} сұранысы (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) жойылды.`,
        `Себебі: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы жойылды: ${v(p, 'reason')}`,
    }),
  },
  'request.closed': {
    en: (p) => ({
      subject: `${v(p, 'incidentReference')}: request for ${v(p, 'itemName')} closed`,
      lines: [
        `The request for ${v(p, 'quantity')} ${v(p, 'unit')} of ${v(p, 'itemName')} (${v(p, 'region')}) was closed together with incident ${v(p, 'incidentReference')}.`,
        `Delivered: ${c(p, 'delivered')} of ${v(p, 'quantity')} ${v(p, 'unit')}.`,
        `Reason: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} request closed: ${v(p, 'reason')}`,
    }),
    ru: (p) => ({
      subject: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} закрыт`,
      lines: [
        `Запрос ${v(p, 'itemName')} (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) закрыт вместе с инцидентом ${v(p, 'incidentReference')}.`,
        `Доставлено: ${c(p, 'delivered')} из ${v(p, 'quantity')} ${v(p, 'unit')}.`,
        `Причина: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: запрос ${v(p, 'itemName')} закрыт: ${v(p, 'reason')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы жабылды`,
      lines: [
        `${v(p, 'itemName')} сұранысы (${v(p, 'quantity')} ${v(p, 'unit')}, ${v(p, 'region')}) ${v(p, 'incidentReference')} оқиғасымен бірге жабылды.`,
        `Жеткізілгені: ${c(p, 'delivered')} / ${v(p, 'quantity')} ${v(p, 'unit')}.`,
        `Себебі: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} сұранысы жабылды: ${v(p, 'reason')}`,
    }),
  },
  'offer.accepted': {
    en: (p) => ({
      subject: `Your offer of ${v(p, 'itemName')} was accepted (${v(p, 'incidentReference')})`,
      lines: [
        `The ministry accepted ${v(p, 'acceptedQuantity')} ${v(p, 'unit')} of ${v(p, 'itemName')} offered by ${v(p, 'partnerName')}.`,
      ],
      sms: `${v(p, 'incidentReference')}: offer accepted, ${v(p, 'acceptedQuantity')} ${v(p, 'unit')} ${v(p, 'itemName')}`,
    }),
    ru: (p) => ({
      subject: `Ваше предложение ${v(p, 'itemName')} принято (${v(p, 'incidentReference')})`,
      lines: [
        `Министерство приняло ${v(p, 'itemName')}: ${v(p, 'acceptedQuantity')} ${v(p, 'unit')} от ${v(p, 'partnerName')}.`,
      ],
      sms: `${v(p, 'incidentReference')}: предложение принято, ${v(p, 'itemName')} ${v(p, 'acceptedQuantity')} ${v(p, 'unit')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'itemName')} ұсынысыңыз қабылданды (${v(p, 'incidentReference')})`,
      lines: [
        `Министрлік ${v(p, 'partnerName')} ұсынған ${v(p, 'itemName')} қабылдады: ${v(p, 'acceptedQuantity')} ${v(p, 'unit')}.`,
      ],
      sms: `${v(p, 'incidentReference')}: ұсыныс қабылданды, ${v(p, 'itemName')} ${v(p, 'acceptedQuantity')} ${v(p, 'unit')}`,
    }),
  },
  'offer.declined': {
    en: (p) => ({
      subject: `Your offer of ${v(p, 'itemName')} was declined (${v(p, 'incidentReference')})`,
      lines: [
        `The ministry declined the offer of ${v(p, 'quantity')} ${v(p, 'unit')} of ${v(p, 'itemName')}.`,
        `Reason: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: offer of ${v(p, 'itemName')} declined: ${v(p, 'reason')}`,
    }),
    ru: (p) => ({
      subject: `Ваше предложение ${v(p, 'itemName')} отклонено (${v(p, 'incidentReference')})`,
      lines: [
        `Министерство отклонило предложение ${v(p, 'itemName')} (${v(p, 'quantity')} ${v(p, 'unit')}).`,
        `Причина: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: предложение ${v(p, 'itemName')} отклонено: ${v(p, 'reason')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'itemName')} ұсынысыңыз қабылданбады (${v(p, 'incidentReference')})`,
      lines: [
        `Министрлік ${v(p, 'itemName')} ұсынысын қабылдамады (${v(p, 'quantity')} ${v(p, 'unit')}).`,
        `Себебі: ${v(p, 'reason')}`,
      ],
      sms: `${v(p, 'incidentReference')}: ${v(p, 'itemName')} ұсынысы қабылданбады: ${v(p, 'reason')}`,
    }),
  },
  'offer.delivered': {
    en: (p) => ({
      subject: `Delivery of ${v(p, 'itemName')} confirmed (${v(p, 'incidentReference')})`,
      lines: [
        `The ministry confirmed delivery of ${v(p, 'deliveredQuantity')} ${v(p, 'unit')} of ${v(p, 'itemName')}. Thank you.`,
      ],
      sms: `${v(p, 'incidentReference')}: delivery confirmed, ${v(p, 'deliveredQuantity')} ${v(p, 'unit')} ${v(p, 'itemName')}`,
    }),
    ru: (p) => ({
      subject: `Поставка ${v(p, 'itemName')} подтверждена (${v(p, 'incidentReference')})`,
      lines: [
        `Министерство подтвердило поставку ${v(p, 'itemName')}: ${v(p, 'deliveredQuantity')} ${v(p, 'unit')}. Спасибо.`,
      ],
      sms: `${v(p, 'incidentReference')}: поставка подтверждена, ${v(p, 'itemName')} ${v(p, 'deliveredQuantity')} ${v(p, 'unit')}`,
    }),
    kk: (p) => ({
      subject: `${v(p, 'itemName')} жеткізілімі расталды (${v(p, 'incidentReference')})`,
      lines: [
        `Министрлік ${v(p, 'itemName')} жеткізілімін растады: ${v(p, 'deliveredQuantity')} ${v(p, 'unit')}. Рахмет.`,
      ],
      sms: `${v(p, 'incidentReference')}: жеткізілім расталды, ${v(p, 'itemName')} ${v(p, 'deliveredQuantity')} ${v(p, 'unit')}`,
    }),
  },
};

/** For every other event type: its type and the identifying fields it carries. */
const GENERIC: Template = {
  en: (p) => {
    const ref = v(p, 'reference') !== '-' ? v(p, 'reference') : v(p, 'incidentReference');
    return {
      subject: `${ref}: update`,
      lines: [`Update on ${ref}: ${v(p, 'title')}`],
      sms: `${ref}: update`,
    };
  },
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const UNSUBSCRIBE: Record<Language, string> = {
  en: 'Stop these emails',
  ru: 'Отписаться от писем',
  kk: 'Хаттардан бас тарту',
};

/**
 * The message for one event in one language. Never empty: a missing language falls back to
 * English, an unknown event type to the generic template. Email gets an unsubscribe link.
 */
export function render(
  eventType: string,
  language: Language,
  payload: object,
  unsubscribeUrl?: string,
): RenderedMessage {
  return renderWith(TEMPLATES, eventType, language, payload, unsubscribeUrl);
}

/** `render` over a given template table (the tests pass one with a language left out). */
export function renderWith(
  templates: Readonly<Record<string, Template>>,
  eventType: string,
  language: Language,
  payload: object,
  unsubscribeUrl?: string,
): RenderedMessage {
  const template = templates[eventType] ?? GENERIC;
  // Codes read in the language of the template used, English when it is the fallback.
  const own = template[language];
  const draft = own
    ? own(localize(payload as Payload, language))
    : template.en(localize(payload as Payload, 'en'));
  const footer = unsubscribeUrl ? [`${UNSUBSCRIBE[language]}: ${unsubscribeUrl}`] : [];
  const text = [...draft.lines, '', ...footer].join('\n').trim();
  const html = [
    ...draft.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...(unsubscribeUrl
      ? [`<p><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(UNSUBSCRIBE[language])}</a></p>`]
      : []),
  ].join('\n');
  return { subject: draft.subject, text, html, sms: draft.sms };
}

export const TEMPLATED_EVENT_TYPES = Object.keys(TEMPLATES);
