import { useQuery } from '@tanstack/react-query';
import {
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api';
import { coverageBar, type Coverage } from './coverage';
import { formatNumber } from './i18n';
import { modeOf } from './mode';
import { asProblem, problemMessage } from './problems';
import { validate, messageKey, type FieldError, type OpenApiDocument } from './validation';
import { isLanguage, type Language } from './vocabulary';

export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : 'kk';
}

/** The API's refusal in the user's words. */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const problem = asProblem(error);
  return (
    <div role="alert" className="alert alert-error" data-testid="problem" data-code={problem.code}>
      {problemMessage(
        problem,
        (k, o) => t(k, o),
        (k) => i18n.exists(k),
      )}
    </div>
  );
}

/**
 * The mark of an exercise or a test (nothing for an actual one, nor for a record without a mode):
 * a loud word (ЖАТТЫҒУ / УЧЕНИЯ / EXERCISE …), named in full for screen readers.
 */
export function ModeBadge({ mode }: { mode?: string | null }) {
  const { t } = useTranslation();
  const m = modeOf({ mode });
  if (m === 'actual') return null;
  const label = t(`mode.label.${m}`);
  return (
    <span
      className={`badge mode-badge mode-${m}`}
      role="note"
      aria-label={label}
      title={label}
      data-testid="mode-badge"
      data-mode={m}
    >
      {t(`mode.badge.${m}`)}
    </span>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="alert alert-ok" data-testid="notice">
      {children}
    </div>
  );
}

/** Requested / pledged / delivered / remaining, as a bar and as numbers. */
export function CoverageBarView({ coverage, item }: { coverage: Coverage; item: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const bar = coverageBar(coverage);
  const n = (v: number): string => formatNumber(v, lang);
  const label = t('requests.coverage', {
    item,
    requested: n(coverage.requested),
    pledged: n(coverage.pledged),
    delivered: n(coverage.delivered),
    remaining: n(coverage.remaining),
  });
  return (
    <div className="coverage" data-testid="coverage">
      <div
        className="bar"
        role="img"
        aria-label={label}
        data-testid="coverage-bar"
        data-requested={coverage.requested}
        data-pledged={coverage.pledged}
        data-delivered={coverage.delivered}
        data-remaining={coverage.remaining}
      >
        <span className="seg delivered" style={{ width: `${bar.delivered}%` }} />
        <span className="seg pledged" style={{ width: `${bar.pledgedNotDelivered}%` }} />
        <span className="seg remaining" style={{ width: `${bar.remaining}%` }} />
      </div>
      <dl className="coverage-figures">
        <div>
          <dt>{t('requests.requested')}</dt>
          <dd data-testid="coverage-requested">{n(coverage.requested)}</dd>
        </div>
        <div>
          <dt>
            <span className="swatch pledged" aria-hidden="true" />
            {t('requests.pledged')}
          </dt>
          <dd data-testid="coverage-pledged">{n(coverage.pledged)}</dd>
        </div>
        <div>
          <dt>
            <span className="swatch delivered" aria-hidden="true" />
            {t('requests.delivered')}
          </dt>
          <dd data-testid="coverage-delivered">{n(coverage.delivered)}</dd>
        </div>
        <div>
          <dt>
            <span className="swatch remaining" aria-hidden="true" />
            {t('requests.remaining')}
          </dt>
          <dd data-testid="coverage-remaining">{n(coverage.remaining)}</dd>
        </div>
      </dl>
    </div>
  );
}

/** A service's OpenAPI document, the source of every form's rules. */
export function useOpenApi(service: 'incident' | 'request' | 'offer' | 'notification') {
  return useQuery({
    queryKey: ['openapi', service],
    queryFn: async () => (await api<OpenApiDocument>(`/api/${service}/docs/openapi.json`)).data,
    staleTime: Infinity,
    retry: 1,
  });
}

/** Client-side checks with the DTO's schema; `check(body)` answers whether the body may go. */
export function useFormRules(
  service: 'incident' | 'request' | 'offer' | 'notification',
  schemaName: string,
) {
  const doc = useOpenApi(service);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const check = (body: unknown): boolean => {
    if (!doc.data) return true; // the server checks anyway
    let found: FieldError[];
    try {
      found = validate(doc.data, schemaName, body);
    } catch {
      return true;
    }
    setErrors(found);
    return found.length === 0;
  };
  return { errors, check, clear: () => setErrors([]), unavailable: doc.isError };
}

export function FieldMessage({
  errors,
  field,
  id,
}: {
  errors: FieldError[];
  field: string;
  id: string;
}) {
  const { t } = useTranslation();
  const error = errors.find((e) => e.field === field);
  if (!error) return null;
  return (
    <span className="field-error" id={id} data-testid={`error-${field}`}>
      {t(messageKey(error), { limit: error.limit })}
    </span>
  );
}

/** The errors the schema found for fields that the form does not show (e.g. the body). */
export function OtherErrors({ errors, shown }: { errors: FieldError[]; shown: string[] }) {
  const { t } = useTranslation();
  const rest = errors.filter((e) => !shown.includes(e.field));
  if (rest.length === 0) return null;
  return (
    <ul role="alert" className="alert alert-error">
      {rest.map((e) => (
        <li key={e.field + e.keyword}>
          {e.field ? `${e.field}: ` : ''}
          {t(messageKey(e), { limit: e.limit })}
        </li>
      ))}
    </ul>
  );
}

interface FieldProps {
  label: string;
  /** The control's id: the label names it, and `err-<id>` holds its validation message. */
  id: string;
  /** The schema's errors, and the field (its path in the body) whose message shows here. */
  errors?: FieldError[];
  field?: string;
}

/** The control's side of its message: described by it always, invalid while it shows. */
function describedBy(id: string, errors: FieldError[], field: string | undefined) {
  if (field === undefined) return {};
  const invalid = errors.some((e) => e.field === field);
  return { 'aria-describedby': `err-${id}`, 'aria-invalid': invalid || undefined };
}

/** A label, the control it names, and the control's validation message under it. */
function FieldFrame({
  label,
  id,
  errors = [],
  field,
  children,
}: FieldProps & { children: ReactNode }) {
  return (
    <label htmlFor={id}>
      <span>{label}</span>
      {children}
      {field !== undefined ? <FieldMessage errors={errors} field={field} id={`err-${id}`} /> : null}
    </label>
  );
}

/** An input with its label and message; the other props go to the input. */
export function Field({
  label,
  id,
  errors = [],
  field,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame label={label} id={id} errors={errors} field={field}>
      <input id={id} {...describedBy(id, errors, field)} {...input} />
    </FieldFrame>
  );
}

/** A textarea with its label and message. */
export function TextAreaField({
  label,
  id,
  errors = [],
  field,
  ...textarea
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldFrame label={label} id={id} errors={errors} field={field}>
      <textarea id={id} {...describedBy(id, errors, field)} {...textarea} />
    </FieldFrame>
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** A select of `options` with its label and message; `blank` adds a first, empty choice. */
export function SelectField({
  label,
  id,
  errors = [],
  field,
  options,
  blank,
  ...select
}: FieldProps & {
  options: readonly Choice[];
  blank?: string;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldFrame label={label} id={id} errors={errors} field={field}>
      <select id={id} {...describedBy(id, errors, field)} {...select}>
        {blank !== undefined ? <option value="">{blank}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * Ties fields to a form's state of strings: `bind(key)` gives a control its value and its change;
 * `bind(key, field)` also the schema's message for `field` (the key's path in the body).
 */
export function formBinding<F extends { [K in keyof F]: string }>(
  form: F,
  setForm: (next: F) => void,
  errors: FieldError[],
) {
  return (key: keyof F & string, field?: string) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
    errors,
    field,
  });
}

/** Choices from codes, each in the reader's words. */
export function choices(codes: readonly string[], word: (code: string) => string): Choice[] {
  return codes.map((code) => ({ value: code, label: word(code) }));
}

/**
 * After a refused (412) edit: what the record says now, instead of overwriting it unseen.
 * `children`: the ways on that the screen offers (e.g. take theirs, apply mine again).
 */
export function StaleNotice({
  message,
  facts = [],
  children,
}: {
  message: string;
  facts?: readonly (readonly [string, string])[];
  children?: ReactNode;
}) {
  return (
    <div role="alert" className="alert alert-warn" data-testid="stale-notice">
      <p>{message}</p>
      {facts.length > 0 ? (
        <p data-testid="stale-facts">{facts.map(([k, v]) => `${k}: ${v}`).join(' · ')}</p>
      ) : null}
      {children}
    </div>
  );
}
