import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isStale, NOT_YET_DELAY_MS, retryNotYet } from '../api';
import { formatDate, formatNumber } from '../i18n';
import type { Offer, RequestView } from '../types';
import {
  CoverageBarView,
  Field,
  ModeBadge,
  ProblemAlert,
  StaleNotice,
  useLanguage,
  useOpenApi,
} from '../ui';
import { compact, validate, type FieldError } from '../validation';
import { itemName, regionName, unitName } from '../vocabulary';

/** A request as partner-offer-service counts it, with its coverage bar. */
export function RequestCoverage({ requestId }: { requestId: string }) {
  const lang = useLanguage();
  const view = useQuery({
    queryKey: ['offers', 'request-view', requestId],
    queryFn: async () => (await api<RequestView>(`/api/offer/requests/${requestId}`)).data,
  });
  if (!view.data) return null;
  const r = view.data;
  return (
    <CoverageBarView
      coverage={{
        requested: r.quantity,
        pledged: r.pledged,
        delivered: r.delivered,
        remaining: r.remaining,
      }}
      item={itemName({ code: r.itemCode, name: r.itemName }, lang)}
    />
  );
}

/** `level`: the card's heading level where it stands (h2 in the inbox, h3 under a section). */
export function OfferSummary({ offer, level = 3 }: { offer: Offer; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <>
      <div className="card-head">
        <Heading>
          <abbr title={offer.partner.name} data-testid="offer-partner">
            {offer.partner.code}
          </abbr>{' '}
          · {itemName(offer.item, lang)} ·{' '}
          <span data-testid="offer-quantity">{formatNumber(offer.quantity, lang)}</span>{' '}
          {unitName(offer.item.unit, lang)}
        </Heading>
        <ModeBadge mode={offer.mode} />
        <span
          className={`badge of-${offer.status}`}
          data-testid="offer-status"
          data-status={offer.status}
        >
          {t(`offer.status.${offer.status}`)}
        </span>
      </div>
      <p className="muted">
        {offer.incidentReference}
        {offer.acceptedQuantity !== null
          ? ` · ${t('inbox.accepted', { quantity: formatNumber(offer.acceptedQuantity, lang) })}`
          : ''}
        {offer.expectedDeliveryDate
          ? ` · ${t('field.expectedDeliveryDate')}: ${formatDate(offer.expectedDeliveryDate, lang)}`
          : ''}
        {offer.status === 'accepted' && !offer.pledgeConfirmed
          ? ` · ${t('offer.waitingConfirmation')}`
          : ''}
      </p>
      {offer.conditions ? <p>{offer.conditions}</p> : null}
      {offer.note ? <p>{offer.note}</p> : null}
      {offer.reason ? (
        <p data-testid="offer-reason">
          {t('common.reason')}: {offer.reason}
        </p>
      ) : null}
    </>
  );
}

export interface OfferAction {
  /** e.g. 'accept' → POST /offers/:id/accept */
  action: string;
  label: string;
  schema: string;
  /** The field the form asks for, if any. */
  field?: 'quantity' | 'reason' | 'note' | 'expectedArrival';
  required?: boolean;
  danger?: boolean;
  testid: string;
  extra?: 'note';
}

/** One offer's actions: each a small form when it needs a value; every one sends If-Match. */
export function OfferActions({ offer, actions }: { offer: Offer; actions: OfferAction[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState<OfferAction | null>(null);
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const write = useMutation({
    retry: retryNotYet,
    retryDelay: NOT_YET_DELAY_MS,
    mutationFn: async ({ action, body }: { action: string; body: unknown }) =>
      api<Offer>(`/api/offer/offers/${offer.id}/${action}`, {
        method: 'POST',
        body,
        ifMatch: offer.version,
      }),
    onSuccess: () => {
      setOpen(null);
      setValue('');
      setNote('');
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['offers'] });
      void client.invalidateQueries({ queryKey: ['board-requests'] });
      void client.invalidateQueries({ queryKey: ['requests'] });
    },
  });
  const doc = useOpenApi('offer');
  const [errors, setErrors] = useState<FieldError[]>([]);
  /** Checks the body with the action's own DTO schema (AcceptOfferDto, ReasonDto …). */
  const allowed = (a: OfferAction, body: unknown): boolean => {
    if (!doc.data) return true; // the server checks anyway
    let found: FieldError[] = [];
    try {
      found = validate(doc.data, a.schema, body);
    } catch {
      found = [];
    }
    setErrors(found);
    return found.length === 0;
  };
  const run = (a: OfferAction, raw: string): void => {
    let body: Record<string, unknown> = {};
    if (a.field) {
      const v = raw.trim();
      body = compact({
        [a.field]: a.field === 'quantity' ? (v === '' ? undefined : Number(v)) : v,
      });
      if (a.extra === 'note') body = compact({ ...body, note: note.trim() });
      if (a.required && body[a.field] === undefined) {
        setErrors([{ field: a.field, keyword: 'required' }]);
        return;
      }
    }
    if (allowed(a, body)) write.mutate({ action: a.action, body });
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (open) run(open, value);
  };
  return (
    <div className="offer-actions">
      <div className="actions">
        {actions.map((a) => (
          <button
            key={a.action + a.label}
            type="button"
            className={a.danger ? 'danger' : a.field ? '' : 'primary'}
            data-testid={a.testid}
            disabled={write.isPending}
            aria-pressed={a.field ? open === a : undefined}
            onClick={() => {
              write.reset();
              setErrors([]);
              if (a.field) setOpen(a);
              else run(a, '');
            }}
          >
            {t(a.label)}
          </button>
        ))}
      </div>
      {open ? (
        <form
          className="form inline"
          onSubmit={submit}
          noValidate
          data-testid={`${open.testid}-form`}
        >
          <Field
            label={t(
              open.field === 'quantity'
                ? 'common.quantity'
                : open.field === 'expectedArrival'
                  ? 'field.expectedArrival'
                  : open.field === 'note'
                    ? 'common.note'
                    : 'common.reason',
            )}
            id={`${offer.id}-${open.testid}`}
            errors={errors}
            field={open.field ?? ''}
            type={
              open.field === 'quantity'
                ? 'number'
                : open.field === 'expectedArrival'
                  ? 'date'
                  : 'text'
            }
            min={open.field === 'quantity' ? 1 : undefined}
            data-testid={`${open.testid}-value`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          {open.extra === 'note' ? (
            <Field
              label={t('common.note')}
              id={`${offer.id}-${open.testid}-note`}
              data-testid={`${open.testid}-note`}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          ) : null}
          <button
            type="submit"
            className="primary"
            data-testid={`${open.testid}-submit`}
            disabled={write.isPending}
          >
            {t(open.label)}
          </button>
          <button type="button" onClick={() => setOpen(null)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}
      {isStale(write.error) ? (
        <StaleNotice message={t('problem.stale_version')} />
      ) : (
        <ProblemAlert error={write.error} />
      )}
    </div>
  );
}

export function RequestHeading({ r }: { r: RequestView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <div className="card-head">
      <h3>
        {itemName({ code: r.itemCode, name: r.itemName }, lang)} · {formatNumber(r.quantity, lang)}{' '}
        {unitName(r.unit, lang)}
      </h3>
      <ModeBadge mode={r.mode} />
      <span className="badge">{r.incidentReference}</span>
      <span className="badge">{regionName(r.region, lang)}</span>
      <span className={`badge scope-${r.scope}`}>{t(`requests.scope.${r.scope}`)}</span>
      <span className="badge">{t(`requests.priority.${r.priority}`)}</span>
    </div>
  );
}
