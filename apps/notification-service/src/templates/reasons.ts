import type { ReasonCode } from '@relief/contracts';
import type { Language } from '../subscribers/subscriber';
import { formatMessage } from './template';
import { amount, quote, requestStatusIn } from './vocabulary';

/**
 * The words for each reason code (libs/contracts REASON_CODES), as they follow "Причина:" /
 * "Себебі:" / "Reason:", in ICU MessageFormat over the code's params (reasonParams, worded).
 * `operator` is not here: a person typed those words, shown quoted as typed.
 */
const REASONS: Readonly<Record<Exclude<ReasonCode, 'operator'>, Record<Language, string>>> = {
  'incident-closed': {
    en: 'incident {incidentReference} was closed{note, select, none {} other {: {note}}}',
    ru: 'инцидент {incidentReference} закрыт{note, select, none {} other {: {note}}}',
    kk: '{incidentReference} оқиғасы жабылды{note, select, none {} other {: {note}}}',
  },
  'incident-cancelled': {
    en: 'incident {incidentReference} was cancelled{note, select, none {} other {: {note}}}',
    ru: 'инцидент {incidentReference} отменён{note, select, none {} other {: {note}}}',
    kk: '{incidentReference} оқиғасы тіркеуден алынды{note, select, none {} other {: {note}}}',
  },
  'request-cancelled': {
    en: 'the ministry cancelled the request',
    ru: 'министерство отменило запрос',
    kk: 'министрлік сұраныстың күшін жойды',
  },
  'request-closed': {
    en: 'the request was closed with its incident',
    ru: 'запрос закрыт вместе с инцидентом',
    kk: 'сұраныс оқиғамен бірге жабылды',
  },
  'request-fulfilled': {
    en: 'the request has already been fulfilled',
    ru: 'запрос уже выполнен',
    kk: 'сұраныс орындалып қойған',
  },
  'request-not-found': {
    en: 'the request no longer exists',
    ru: 'запрос не найден',
    kk: 'сұраныс табылмады',
  },
  'request-not-open': {
    en: 'the request is no longer open (status: {requestStatus})',
    ru: 'запрос уже не принимает предложений (статус: {requestStatus})',
    kk: 'сұраныс енді ұсыныс қабылдамайды (мәртебесі: {requestStatus})',
  },
  'quantity-exceeds-remaining': {
    en: 'the request could take only {remaining} more, not {quantity}',
    ru: 'по запросу оставалось принять {remaining}, а не {quantity}',
    kk: 'сұранысқа тағы {remaining} ғана керек еді, {quantity} емес',
  },
  'item-mismatch': {
    en: 'the item is not the one requested',
    ru: 'предложена не та позиция, что запрошена',
    kk: 'ұсынылған зат сұралғанға сәйкес емес',
  },
  'request-domestic-only': {
    en: 'the request is open to domestic partners only',
    ru: 'запрос открыт только для отечественных партнёров',
    kk: 'сұраныс тек отандық серіктестерге ашық',
  },
};

/** The reason fields a payload may carry (old events: only `reason`). */
export interface ReasonFields {
  reason?: string | null;
  reasonCode?: ReasonCode | null;
  reasonParams?: object | null;
}

interface Params {
  incidentReference?: string | null;
  requestStatus?: string | null;
  quantity?: number | null;
  remaining?: number | null;
  unit?: string | null;
  note?: string | null;
}

/**
 * Why, in `language`: a system reason worded from its code, what a person typed quoted, `''`
 * when there is none (the template leaves the line out). An event from before reason codes
 * carries only `reason`: shown quoted, as typed.
 */
export function reasonIn(p: ReasonFields, language: Language, plainQuotes = false): string {
  const typed = p.reason?.trim() ? quote(p.reason.trim(), language, plainQuotes) : '';
  if (!p.reasonCode || p.reasonCode === 'operator') return typed;
  const params = (p.reasonParams ?? {}) as Params;
  const unit = params.unit ?? '';
  return formatMessage(REASONS[p.reasonCode][language], language, {
    incidentReference: params.incidentReference ?? '',
    note: params.note?.trim() ? quote(params.note.trim(), language, plainQuotes) : 'none',
    requestStatus: requestStatusIn(params.requestStatus ?? '', language),
    quantity: params.quantity ? amount(params.quantity, unit, language) : '',
    remaining: amount(params.remaining ?? 0, unit, language),
  });
}

/** The reason codes the words above cover (the checks spec renders each). */
export const WORDED_REASON_CODES = Object.keys(REASONS) as Exclude<ReasonCode, 'operator'>[];
