import type { IncidentSnapshotV1 } from '@relief/contracts';
import type { Language } from '../subscribers/subscriber';
import { reasonIn, type ReasonFields } from './reasons';
import { type Args, type TemplatesOf } from './template';
import {
  fieldsIn,
  hazardIn,
  incidentStatusIn,
  quote,
  regionIn,
  severityIn,
  urgencyIn,
} from './vocabulary';

/** `none` is what a `{x, select, none {} other {…}}` reads as "not given". */
const NONE = 'none';

/** The words every incident message may use, in one language. */
function incident(p: IncidentSnapshotV1, l: Language): Args {
  const region = regionIn(p.region, l);
  return {
    ref: p.reference,
    title: quote(p.title, l),
    titleSms: quote(p.title, l, true),
    region: region.name,
    regionWhere: region.where,
    hazard: hazardIn(p.hazard, l),
    severity: severityIn(p.severity, l),
    urgency: urgencyIn(p.urgency, l),
    status: p.status,
    statusWords: incidentStatusIn(p.status, l),
    area: p.areaDescription?.trim() ? quote(p.areaDescription.trim(), l) : NONE,
  };
}

function reason(p: ReasonFields, l: Language): Args {
  return { reason: reasonIn(p, l) || NONE, reasonSms: reasonIn(p, l, true) || NONE };
}

/** Incident news; every incident event carries the whole snapshot for the templates to read. */
export const INCIDENT_TEMPLATES: TemplatesOf<'incident'> = {
  'incident.reported': {
    audiences: ['others'],
    args: (p, l) => incident(p, l),
    wording: {
      en: {
        others: {
          subject: 'New incident {ref}: {title}',
          lines: [
            'A new incident was reported in {region}: {title}.',
            'Hazard: {hazard}. Severity: {severity}. Urgency: {urgency}.',
            '{area, select, none {} other {Area: {area}}}',
          ],
          sms: '{ref}: new incident in {region}, {hazard}, severity {severity}. {titleSms}',
        },
      },
      ru: {
        others: {
          subject: 'Новый инцидент {ref}: {title}',
          lines: [
            'Зарегистрирован новый инцидент: {title}, {region}.',
            'Угроза: {hazard}. Серьёзность: {severity}. Срочность: {urgency}.',
            '{area, select, none {} other {Район: {area}}}',
          ],
          sms: '{ref}: новый инцидент, {hazard}, {region}. {title}',
        },
      },
      kk: {
        others: {
          subject: 'Жаңа оқиға {ref}: {title}',
          lines: [
            '{regionWhere} жаңа оқиға тіркелді: {title}.',
            'Қауіп: {hazard}. Ауырлығы: {severity}. Шұғылдығы: {urgency}.',
            '{area, select, none {} other {Аумақ: {area}}}',
          ],
          sms: '{ref}: жаңа оқиға, {hazard}, {region}. {title}',
        },
      },
    },
  },

  'incident.severity-changed': {
    audiences: ['others'],
    args: (p, l) => ({ ...incident(p, l), previousSeverity: severityIn(p.previousSeverity, l) }),
    wording: {
      en: {
        others: {
          subject: '{ref}: severity {previousSeverity} → {severity}',
          lines: [
            'The severity of the incident {title} ({region}) changed from {previousSeverity} to {severity}.',
          ],
          sms: '{ref}: severity now {severity} (was {previousSeverity}). {titleSms}',
        },
      },
      ru: {
        others: {
          subject: '{ref}: серьёзность {previousSeverity} → {severity}',
          lines: [
            'Серьёзность инцидента {title} ({region}) изменилась: {previousSeverity} → {severity}.',
          ],
          sms: '{ref}: серьёзность {previousSeverity} → {severity}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: ауырлығы {previousSeverity} → {severity}',
          lines: [
            '{title} оқиғасының ауырлығы өзгерді: {previousSeverity} → {severity}. Өңір: {region}.',
          ],
          sms: '{ref}: ауырлығы {previousSeverity} → {severity}',
        },
      },
    },
  },

  'incident.updated': {
    audiences: ['others'],
    args: (p, l) => ({ ...incident(p, l), fields: fieldsIn(p.changedFields, l) || NONE }),
    wording: {
      en: {
        others: {
          subject: '{ref}: incident details corrected',
          lines: [
            'The details of the incident {title} ({region}) were corrected.',
            '{fields, select, none {} other {Changed: {fields}.}}',
            '{area, select, none {} other {Area: {area}}}',
          ],
          sms: '{ref}: incident details corrected{fields, select, none {} other { ({fields})}}. {titleSms}',
        },
      },
      ru: {
        others: {
          subject: '{ref}: сведения об инциденте уточнены',
          lines: [
            'Сведения об инциденте {title} ({region}) уточнены.',
            '{fields, select, none {} other {Изменено: {fields}.}}',
            '{area, select, none {} other {Район: {area}}}',
          ],
          sms: '{ref}: сведения об инциденте уточнены{fields, select, none {} other { ({fields})}}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: оқиға мәліметтері нақтыланды',
          lines: [
            '{title} оқиғасының мәліметтері нақтыланды. Өңір: {region}.',
            '{fields, select, none {} other {Өзгергені: {fields}.}}',
            '{area, select, none {} other {Аумақ: {area}}}',
          ],
          sms: '{ref}: оқиға мәліметтері нақтыланды{fields, select, none {} other { ({fields})}}',
        },
      },
    },
  },

  'incident.status-changed': {
    audiences: ['others'],
    args: (p, l) => ({ ...incident(p, l), previousStatus: incidentStatusIn(p.previousStatus, l) }),
    wording: {
      en: {
        others: {
          subject: '{ref}: status {previousStatus} → {statusWords}',
          lines: ['The incident {title} ({region}) is now {statusWords} (was {previousStatus}).'],
          sms: '{ref}: incident now {statusWords} (was {previousStatus}). {titleSms}',
        },
      },
      ru: {
        others: {
          subject: '{ref}: статус {previousStatus} → {statusWords}',
          lines: [
            'Статус инцидента {title} ({region}) изменился: {previousStatus} → {statusWords}.',
          ],
          sms: '{ref}: статус {previousStatus} → {statusWords}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: мәртебесі {previousStatus} → {statusWords}',
          lines: [
            '{title} оқиғасының мәртебесі өзгерді: {previousStatus} → {statusWords}. Өңір: {region}.',
          ],
          sms: '{ref}: мәртебесі {previousStatus} → {statusWords}',
        },
      },
    },
  },

  'incident.situation-updated': {
    audiences: ['others'],
    args: (p, l) => ({
      ...incident(p, l),
      ...p.figures,
      summary: p.summary?.trim() ? quote(p.summary.trim(), l) : NONE,
      summarySms: p.summary?.trim() ? quote(p.summary.trim(), l, true) : NONE,
    }),
    wording: {
      en: {
        others: {
          subject:
            '{ref}: situation update, {affected, number} affected, {evacuated, number} evacuated',
          lines: [
            'Situation report on the incident {title} ({region}).',
            '{summary, select, none {} other {Summary: {summary}}}',
            'Affected: {affected, number}. Evacuated: {evacuated, number}. Injured: {injured, number}. Dead: {dead, number}. Homes damaged: {homesDamaged, number}.',
          ],
          sms: '{ref}: {affected, number} affected, {evacuated, number} evacuated.{summarySms, select, none {} other { {summarySms}}}',
        },
      },
      ru: {
        others: {
          subject:
            '{ref}: обстановка, пострадавших {affected, number}, эвакуировано {evacuated, number}',
          lines: [
            'Сводка по инциденту {title} ({region}).',
            '{summary, select, none {} other {Обстановка: {summary}}}',
            'Пострадавших: {affected, number}. Эвакуировано: {evacuated, number}. Раненых: {injured, number}. Погибших: {dead, number}. Повреждено домов: {homesDamaged, number}.',
          ],
          sms: '{ref}: пострадавших {affected, number}, эвакуировано {evacuated, number}',
        },
      },
      kk: {
        others: {
          subject:
            '{ref}: жағдай, зардап шеккендер {affected, number}, көшірілгендер {evacuated, number}',
          lines: [
            '{title} оқиғасы бойынша жағдай. Өңір: {region}.',
            '{summary, select, none {} other {Қысқаша: {summary}}}',
            'Зардап шеккендер: {affected, number}. Көшірілгендер: {evacuated, number}. Жараланғандар: {injured, number}. Қаза тапқандар: {dead, number}. Зақымданған үйлер: {homesDamaged, number}.',
          ],
          sms: '{ref}: зардап шеккендер {affected, number}, көшірілгендер {evacuated, number}',
        },
      },
    },
  },

  'incident.closed': {
    audiences: ['others'],
    args: (p, l) => ({ ...incident(p, l), ...reason(p, l) }),
    wording: {
      en: {
        others: {
          subject: '{ref} {status, select, cancelled {cancelled} other {closed}}: {title}',
          lines: [
            'The incident {title} ({region}) {status, select, cancelled {was cancelled} other {is closed}}.',
            '{reason, select, none {} other {Reason: {reason}}}',
          ],
          sms: '{ref}: incident {status, select, cancelled {cancelled} other {closed}}.{reasonSms, select, none {} other { Reason: {reasonSms}}}',
        },
      },
      ru: {
        others: {
          subject: '{ref}: инцидент {status, select, cancelled {отменён} other {закрыт}}',
          lines: [
            'Инцидент {title} ({region}) {status, select, cancelled {отменён} other {закрыт}}.',
            '{reason, select, none {} other {Причина: {reason}}}',
          ],
          sms: '{ref}: инцидент {status, select, cancelled {отменён} other {закрыт}}.{reason, select, none {} other { {reason}}}',
        },
      },
      kk: {
        others: {
          subject: '{ref}: оқиға {status, select, cancelled {тіркеуден алынды} other {жабылды}}',
          lines: [
            '{title} оқиғасы ({region}) {status, select, cancelled {тіркеуден алынды} other {жабылды}}.',
            '{reason, select, none {} other {Себебі: {reason}}}',
          ],
          sms: '{ref}: оқиға {status, select, cancelled {тіркеуден алынды} other {жабылды}}.{reason, select, none {} other { {reason}}}',
        },
      },
    },
  },
};
