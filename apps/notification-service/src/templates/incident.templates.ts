import { type TemplatesOf } from './template';

/** Incident news; every incident event carries the whole snapshot for the templates to read. */
export const INCIDENT_TEMPLATES: TemplatesOf<'incident'> = {
  'incident.reported': {
    en: (p) => ({
      subject: `New incident ${p.reference}: ${p.title}`,
      lines: [
        `A new incident was reported in ${p.region}: ${p.title}.`,
        `Hazard: ${p.hazard}. Severity: ${p.severity}. Urgency: ${p.urgency}.`,
        `Area: ${p.areaDescription}`,
      ],
      sms: `${p.reference}: new incident in ${p.region}, ${p.severity}. ${p.title}`,
    }),
    ru: (p) => ({
      subject: `Новый инцидент ${p.reference}: ${p.title}`,
      lines: [
        `Зарегистрирован новый инцидент в регионе ${p.region}: ${p.title}.`,
        `Угроза: ${p.hazard}. Серьёзность: ${p.severity}. Срочность: ${p.urgency}.`,
        `Район: ${p.areaDescription}`,
      ],
      sms: `${p.reference}: новый инцидент, ${p.region}, ${p.severity}. ${p.title}`,
    }),
    kk: (p) => ({
      subject: `Жаңа оқиға ${p.reference}: ${p.title}`,
      lines: [
        `${p.region} аумағында жаңа оқиға тіркелді: ${p.title}.`,
        `Қауіп: ${p.hazard}. Ауырлығы: ${p.severity}. Шұғылдығы: ${p.urgency}.`,
        `Аумақ: ${p.areaDescription}`,
      ],
      sms: `${p.reference}: жаңа оқиға, ${p.region}, ${p.severity}. ${p.title}`,
    }),
  },
  'incident.severity-changed': {
    en: (p) => ({
      subject: `${p.reference}: severity ${p.previousSeverity} → ${p.severity}`,
      lines: [
        `The severity of ${p.title} (${p.region}) changed from ${p.previousSeverity} to ${p.severity}.`,
      ],
      sms: `${p.reference}: severity ${p.previousSeverity} -> ${p.severity}`,
    }),
    ru: (p) => ({
      subject: `${p.reference}: серьёзность ${p.previousSeverity} → ${p.severity}`,
      lines: [
        `Серьёзность инцидента «${p.title}» (${p.region}) изменилась: ${p.previousSeverity} → ${p.severity}.`,
      ],
      sms: `${p.reference}: серьёзность ${p.previousSeverity} -> ${p.severity}`,
    }),
    kk: (p) => ({
      subject: `${p.reference}: ауырлығы ${p.previousSeverity} → ${p.severity}`,
      lines: [
        `«${p.title}» (${p.region}) оқиғасының ауырлығы өзгерді: ${p.previousSeverity} → ${p.severity}.`,
      ],
      sms: `${p.reference}: ауырлығы ${p.previousSeverity} -> ${p.severity}`,
    }),
  },
  'incident.updated': {
    en: (p) => ({
      subject: `${p.reference} updated: ${p.title}`,
      lines: [
        `The incident ${p.title} (${p.region}) was corrected.`,
        `Changed: ${p.changedFields}. Area: ${p.areaDescription}`,
      ],
      sms: `${p.reference}: incident details updated. ${p.title}`,
    }),
    ru: (p) => ({
      subject: `${p.reference} обновлён: ${p.title}`,
      lines: [
        `Сведения об инциденте «${p.title}» (${p.region}) уточнены.`,
        `Изменено: ${p.changedFields}. Район: ${p.areaDescription}`,
      ],
      sms: `${p.reference}: сведения об инциденте обновлены. ${p.title}`,
    }),
    kk: (p) => ({
      subject: `${p.reference} жаңартылды: ${p.title}`,
      lines: [
        `«${p.title}» (${p.region}) оқиғасының мәліметтері нақтыланды.`,
        `Өзгертілгені: ${p.changedFields}. Аумақ: ${p.areaDescription}`,
      ],
      sms: `${p.reference}: оқиға мәліметтері жаңартылды. ${p.title}`,
    }),
  },
  'incident.status-changed': {
    en: (p) => ({
      subject: `${p.reference}: status ${p.previousStatus} → ${p.status}`,
      lines: [
        `The incident ${p.title} (${p.region}) moved from ${p.previousStatus} to ${p.status}.`,
      ],
      sms: `${p.reference}: status ${p.previousStatus} -> ${p.status}. ${p.title}`,
    }),
    ru: (p) => ({
      subject: `${p.reference}: статус ${p.previousStatus} → ${p.status}`,
      lines: [
        `Статус инцидента «${p.title}» (${p.region}) изменился: ${p.previousStatus} → ${p.status}.`,
      ],
      sms: `${p.reference}: статус ${p.previousStatus} -> ${p.status}. ${p.title}`,
    }),
    kk: (p) => ({
      subject: `${p.reference}: мәртебесі ${p.previousStatus} → ${p.status}`,
      lines: [
        `«${p.title}» (${p.region}) оқиғасының мәртебесі өзгерді: ${p.previousStatus} → ${p.status}.`,
      ],
      sms: `${p.reference}: мәртебесі ${p.previousStatus} -> ${p.status}. ${p.title}`,
    }),
  },
  'incident.situation-updated': {
    en: (p) => ({
      subject: `${p.reference}: situation update, ${p.figures.affected} affected, ${p.figures.evacuated} evacuated`,
      lines: [
        `Situation report on ${p.title} (${p.region}): ${p.summary}`,
        `Affected: ${p.figures.affected}. Evacuated: ${p.figures.evacuated}. Injured: ${p.figures.injured}. Dead: ${p.figures.dead}. Homes damaged: ${p.figures.homesDamaged}.`,
      ],
      sms: `${p.reference}: ${p.figures.affected} affected, ${p.figures.evacuated} evacuated. ${p.summary}`,
    }),
    ru: (p) => ({
      subject: `${p.reference}: обстановка, пострадавших ${p.figures.affected}, эвакуировано ${p.figures.evacuated}`,
      lines: [
        `Сводка по инциденту «${p.title}» (${p.region}): ${p.summary}`,
        `Пострадавших: ${p.figures.affected}. Эвакуировано: ${p.figures.evacuated}. Раненых: ${p.figures.injured}. Погибших: ${p.figures.dead}. Повреждено домов: ${p.figures.homesDamaged}.`,
      ],
      sms: `${p.reference}: пострадавших ${p.figures.affected}, эвакуировано ${p.figures.evacuated}. ${p.summary}`,
    }),
    kk: (p) => ({
      subject: `${p.reference}: жағдай, зардап шеккендер ${p.figures.affected}, көшірілгендер ${p.figures.evacuated}`,
      lines: [
        `«${p.title}» (${p.region}) оқиғасы бойынша жағдай: ${p.summary}`,
        `Зардап шеккендер: ${p.figures.affected}. Көшірілгендер: ${p.figures.evacuated}. Жараланғандар: ${p.figures.injured}. Қаза тапқандар: ${p.figures.dead}. Зақымданған үйлер: ${p.figures.homesDamaged}.`,
      ],
      sms: `${p.reference}: зардап шеккендер ${p.figures.affected}, көшірілгендер ${p.figures.evacuated}. ${p.summary}`,
    }),
  },
  'incident.closed': {
    en: (p) => ({
      subject: `${p.reference} ${p.status}: ${p.title}`,
      lines: [`The incident ${p.title} (${p.region}) is ${p.status}.`, `Reason: ${p.reason}`],
      sms: `${p.reference}: incident ${p.status}. ${p.reason}`,
    }),
    ru: (p) => ({
      subject: `${p.reference} закрыт: ${p.title}`,
      lines: [`Инцидент «${p.title}» (${p.region}) закрыт (${p.status}).`, `Причина: ${p.reason}`],
      sms: `${p.reference}: инцидент закрыт. ${p.reason}`,
    }),
    kk: (p) => ({
      subject: `${p.reference} жабылды: ${p.title}`,
      lines: [`«${p.title}» (${p.region}) оқиғасы жабылды (${p.status}).`, `Себебі: ${p.reason}`],
      sms: `${p.reference}: оқиға жабылды. ${p.reason}`,
    }),
  },
};
