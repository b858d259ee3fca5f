import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query } from '../api';
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CHANNELS,
  feedbackQuery,
  mayCategorise,
  NO_FEEDBACK_FILTERS,
  publicFeedbackBody,
  retryMinutes,
  seesPhone,
  summaryLines,
  summaryQuery,
  type Feedback,
  type FeedbackFilters,
  type FeedbackPage,
  type FeedbackSummary,
  type PublicFeedbackFields,
} from '../feedback';
import { formatDateTime, formatNumber } from '../i18n';
import { useSession } from '../session';
import type { IncidentPage } from '../types';
import { choices, ProblemAlert, SelectField, TextAreaField, useLanguage } from '../ui';
import { ITEM_CODES, itemName, REGION_CODES, regionName } from '../vocabulary';

const NO_FORM: PublicFeedbackFields = { text: '', regionCode: '', itemCode: '' };

/**
 * The public form (no sign-in): words, and if the person wishes a region and an item; nothing
 * about the person. The language is the page's (the header's switch).
 */
export function PublicFeedback() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form, setForm] = useState(NO_FORM);
  const [missing, setMissing] = useState(false);
  const send = useMutation({
    mutationFn: async (body: unknown) =>
      api<{ id: string }>('/api/notification/feedback', { method: 'POST', body }),
    onSuccess: () => setForm(NO_FORM),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const text = form.text.trim();
    setMissing(text === '' || text.length > 1000);
    if (text === '' || text.length > 1000) return;
    send.mutate(publicFeedbackBody(form, lang));
  };
  const set = (key: keyof PublicFeedbackFields) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });
  const limited = send.error instanceof ApiError && send.error.problem.status === 429;
  if (send.isSuccess) {
    return (
      <section aria-labelledby="public-feedback-title" data-testid="public-feedback">
        <h1 id="public-feedback-title">{t('feedback.publicTitle')}</h1>
        <div role="status" className="alert alert-ok" data-testid="feedback-sent">
          {t('feedback.sent')}
        </div>
        <button type="button" data-testid="feedback-another" onClick={() => send.reset()}>
          {t('feedback.another')}
        </button>
      </section>
    );
  }
  return (
    <section aria-labelledby="public-feedback-title" data-testid="public-feedback">
      <h1 id="public-feedback-title">{t('feedback.publicTitle')}</h1>
      <p>{t('feedback.publicIntro')}</p>
      <form className="form" onSubmit={submit} noValidate data-testid="public-feedback-form">
        <TextAreaField
          label={t('feedback.text')}
          id="feedback-text"
          rows={5}
          maxLength={1000}
          required
          aria-invalid={missing || undefined}
          data-testid="feedback-text"
          {...set('text')}
        />
        {missing ? (
          <p role="alert" className="field-error" data-testid="feedback-text-required">
            {t('feedback.textRequired')}
          </p>
        ) : null}
        <SelectField
          label={t('feedback.region')}
          id="feedback-region"
          blank={t('feedback.notGiven')}
          options={choices(REGION_CODES, (c) => regionName(c, lang))}
          data-testid="feedback-region"
          {...set('regionCode')}
        />
        <SelectField
          label={t('feedback.item')}
          id="feedback-item"
          blank={t('feedback.notGiven')}
          options={choices(ITEM_CODES, (c) => itemName({ code: c, name: c }, lang))}
          data-testid="feedback-item"
          {...set('itemCode')}
        />
        <button
          type="submit"
          className="primary"
          data-testid="feedback-send"
          disabled={send.isPending}
        >
          {t('feedback.send')}
        </button>
      </form>
      {limited ? (
        <div role="alert" className="alert alert-warn" data-testid="feedback-rate-limited">
          {t('feedback.tooMany', {
            minutes: retryMinutes((send.error as ApiError).problem.retryAfterSeconds),
          })}
        </div>
      ) : (
        <ProblemAlert error={send.error} />
      )}
    </section>
  );
}

/**
 * Operators and admins: every feedback, filtered, categorised and marked handled in place, the
 * counts per item and category on top. Agencies: what the API gives them (the items they
 * delivered), read only, never a phone number.
 */
export function FeedbackScreen() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { identity } = useSession();
  const [filters, setFilters] = useState<FeedbackFilters>(NO_FEEDBACK_FILTERS);
  const list = useInfiniteQuery({
    queryKey: ['feedback', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await api<FeedbackPage>(`/api/notification/feedback${feedbackQuery(filters, pageParam)}`))
        .data,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const summary = useQuery({
    queryKey: ['feedback', 'summary', filters.incidentId, filters.itemCode],
    queryFn: async () =>
      (await api<FeedbackSummary>(`/api/notification/feedback/summary${summaryQuery(filters)}`))
        .data,
  });
  const incidents = useQuery({
    queryKey: ['incidents', 'feedback-filter'],
    queryFn: async () =>
      (await api<IncidentPage>(`/api/incident/incidents${query({ limit: 100 })}`)).data,
  });
  const phone = seesPhone(identity);
  const editable = mayCategorise(identity);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (key: keyof FeedbackFilters) => ({
    value: filters[key],
    onChange: (e: { target: { value: string } }) =>
      setFilters({ ...filters, [key]: e.target.value }),
  });
  return (
    <section aria-labelledby="feedback-title" data-testid="feedback-screen">
      <h1 id="feedback-title">{t('feedback.title')}</h1>
      {!phone ? (
        <p className="muted" data-testid="feedback-agency-scope">
          {t('feedback.agencyScope')}
        </p>
      ) : null}
      <section aria-labelledby="feedback-summary-title" data-testid="feedback-summary">
        <h2 id="feedback-summary-title">{t('feedback.summary')}</h2>
        <ProblemAlert error={summary.error} />
        {summary.data ? (
          <>
            <p data-testid="feedback-total">
              {t('feedback.summaryTotal', { count: formatNumber(summary.data.total, lang) })}
            </p>
            <ul>
              {summaryLines(summary.data, t, lang).map((line) => (
                <li
                  key={line.itemCode ?? ''}
                  data-testid="feedback-summary-item"
                  data-item={line.itemCode ?? ''}
                >
                  <strong>{line.text}</strong>
                  <br />
                  <span className="muted">{line.categories}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <form
        className="filters"
        aria-label={t('feedback.filters')}
        data-testid="feedback-filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          label={t('feedback.incident')}
          id="ff-incident"
          blank={t('common.all')}
          options={(incidents.data?.items ?? []).map((i) => ({
            value: i.id,
            label: `${i.reference} · ${i.title}`,
          }))}
          data-testid="feedback-filter-incident"
          {...set('incidentId')}
        />
        <SelectField
          label={t('field.region')}
          id="ff-region"
          blank={t('common.all')}
          options={choices(REGION_CODES, (c) => regionName(c, lang))}
          data-testid="feedback-filter-region"
          {...set('regionCode')}
        />
        <SelectField
          label={t('field.item')}
          id="ff-item"
          blank={t('common.all')}
          options={choices(ITEM_CODES, (c) => itemName({ code: c, name: c }, lang))}
          data-testid="feedback-filter-item"
          {...set('itemCode')}
        />
        <SelectField
          label={t('feedback.categoryLabel')}
          id="ff-category"
          blank={t('common.all')}
          options={choices(FEEDBACK_CATEGORIES, (c) => t(`feedback.category.${c}`))}
          data-testid="feedback-filter-category"
          {...set('category')}
        />
        <SelectField
          label={t('feedback.handled')}
          id="ff-handled"
          blank={t('common.all')}
          options={[
            { value: 'true', label: t('feedback.handledYes') },
            { value: 'false', label: t('feedback.handledNo') },
          ]}
          data-testid="feedback-filter-handled"
          {...set('handled')}
        />
        <SelectField
          label={t('feedback.channel')}
          id="ff-channel"
          blank={t('common.all')}
          options={choices(FEEDBACK_CHANNELS, (c) => t(`feedback.channelName.${c}`))}
          data-testid="feedback-filter-channel"
          {...set('channel')}
        />
      </form>
      <ProblemAlert error={list.error} />
      {list.data && rows.length === 0 ? (
        <p data-testid="feedback-empty">{t('feedback.empty')}</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="data" data-testid="feedback-table">
          <thead>
            <tr>
              <th scope="col">{t('feedback.received')}</th>
              <th scope="col">{t('feedback.message')}</th>
              <th scope="col">{t('field.region')}</th>
              <th scope="col">{t('field.item')}</th>
              <th scope="col">{t('feedback.channel')}</th>
              {phone ? (
                <th scope="col" data-testid="feedback-phone-column">
                  {t('feedback.phone')}
                </th>
              ) : null}
              <th scope="col">{t('feedback.categoryLabel')}</th>
              <th scope="col">{t('feedback.handled')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <FeedbackRow key={f.id} feedback={f} phone={phone} editable={editable} />
            ))}
          </tbody>
        </table>
      ) : null}
      {list.hasNextPage ? (
        <button type="button" data-testid="feedback-more" onClick={() => void list.fetchNextPage()}>
          {t('common.more')}
        </button>
      ) : null}
    </section>
  );
}

function FeedbackRow({
  feedback: f,
  phone,
  editable,
}: {
  feedback: Feedback;
  phone: boolean;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: async (body: { category?: string; handled?: boolean }) =>
      api<Feedback>(`/api/notification/feedback/${f.id}`, {
        method: 'PATCH',
        body,
        ifMatch: f.version,
      }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['feedback'] }),
  });
  return (
    <tr
      data-testid="feedback-row"
      data-id={f.id}
      data-channel={f.channel}
      data-language={f.language}
      data-category={f.category ?? ''}
      data-handled={f.handled}
    >
      <td>{formatDateTime(f.receivedAt, lang)}</td>
      <td lang={f.language} data-testid="feedback-text-cell">
        {f.text}
        {f.incidentReference ? <span className="muted"> · {f.incidentReference}</span> : null}
        {change.error ? <ProblemAlert error={change.error} /> : null}
      </td>
      <td>{regionName(f.regionCode, lang)}</td>
      <td>{f.itemCode ? itemName({ code: f.itemCode, name: f.itemCode }, lang) : ''}</td>
      <td>{t(`feedback.channelName.${f.channel}`)}</td>
      {phone ? <td data-testid="feedback-phone">{f.phone ?? ''}</td> : null}
      <td>
        {editable ? (
          <select
            aria-label={t('feedback.categoryLabel')}
            data-testid="feedback-category"
            value={f.category ?? ''}
            disabled={change.isPending}
            onChange={(e) => change.mutate({ category: e.target.value })}
          >
            <option value="" disabled>
              {t('feedback.category.uncategorised')}
            </option>
            {FEEDBACK_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`feedback.category.${c}`)}
              </option>
            ))}
          </select>
        ) : (
          t(`feedback.category.${f.category ?? 'uncategorised'}`)
        )}
      </td>
      <td>
        {editable ? (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={f.handled}
              disabled={change.isPending}
              data-testid="feedback-handled"
              onChange={(e) => change.mutate({ handled: e.target.checked })}
            />
            <span>{f.handled ? t('feedback.handledYes') : t('feedback.handledNo')}</span>
          </label>
        ) : f.handled ? (
          t('feedback.handledYes')
        ) : (
          t('feedback.handledNo')
        )}
      </td>
    </tr>
  );
}
