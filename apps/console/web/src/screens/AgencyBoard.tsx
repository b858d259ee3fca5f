import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, NOT_YET_DELAY_MS, query, retryNotYet } from '../api';
import { formatDate, formatNumber } from '../i18n';
import { modeOf } from '../mode';
import { useSession } from '../session';
import type { Offer, Page, RequestView } from '../types';
import {
  CoverageBarView,
  Field,
  formBinding,
  Notice,
  OtherErrors,
  ProblemAlert,
  useFormRules,
  useLanguage,
} from '../ui';
import { compact } from '../validation';
import { itemName } from '../vocabulary';
import { KitVersionsPanel } from './KitVersions';
import { OfferActions, OfferSummary, RequestHeading, type OfferAction } from './offer-parts';
import { MatchingStock } from './Stock';

const MY_ACTIONS: Record<string, OfferAction[]> = {
  published: [
    {
      action: 'withdraw',
      label: 'board.withdraw',
      schema: 'WithdrawOfferDto',
      field: 'reason',
      danger: true,
      testid: 'offer-withdraw',
    },
  ],
  accepted: [
    {
      action: 'dispatch',
      label: 'board.dispatch',
      schema: 'DispatchOfferDto',
      field: 'expectedArrival',
      testid: 'offer-dispatch',
    },
    {
      action: 'withdraw',
      label: 'board.withdraw',
      schema: 'WithdrawOfferDto',
      field: 'reason',
      danger: true,
      testid: 'offer-withdraw',
    },
  ],
  dispatched: [
    {
      action: 'delivery-report',
      label: 'board.report',
      schema: 'DeliveryReportDto',
      field: 'quantity',
      required: true,
      extra: 'note',
      testid: 'offer-report',
    },
  ],
};

export function AgencyBoard() {
  const { t } = useTranslation();
  const { identity } = useSession();
  const requests = useQuery({
    queryKey: ['board-requests'],
    queryFn: async () =>
      (await api<Page<RequestView>>(`/api/offer/requests${query({ limit: 100 })}`)).data,
  });
  const offers = useQuery({
    queryKey: ['offers', 'mine'],
    queryFn: async () => (await api<Page<Offer>>(`/api/offer/offers${query({ limit: 100 })}`)).data,
  });
  const org = identity?.org ?? '';
  return (
    <section aria-labelledby="board-title" data-testid="agency-board">
      <h1 id="board-title">{t('board.title')}</h1>
      <section aria-labelledby="open-title">
        <h2 id="open-title">{t('board.open', { org })}</h2>
        <ProblemAlert error={requests.error} />
        {requests.data && requests.data.items.length === 0 ? (
          <p data-testid="board-empty">{t('board.none')}</p>
        ) : null}
        <ul className="cards" data-testid="board-requests">
          {requests.data?.items.map((r) => (
            <BoardRequest key={r.requestId} request={r} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{t('board.mine')}</h2>
        <ProblemAlert error={offers.error} />
        {offers.data && offers.data.items.length === 0 ? <p>{t('board.noOffers')}</p> : null}
        <ul className="cards" data-testid="my-offers">
          {offers.data?.items.map((o) => (
            <li
              key={o.id}
              className="card"
              data-testid="my-offer"
              data-id={o.id}
              data-status={o.status}
              data-mode={modeOf(o)}
              data-request-id={o.requestId ?? ''}
            >
              <OfferSummary offer={o} />
              {MY_ACTIONS[o.status] ? (
                <OfferActions offer={o} actions={MY_ACTIONS[o.status] ?? []} />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

function BoardRequest({ request }: { request: RequestView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const rules = useFormRules('offer', 'PublishOfferDto');
  const [form, setForm] = useState({
    quantity: '',
    expectedDeliveryDate: '',
    conditions: '',
    note: '',
  });
  const [done, setDone] = useState(false);
  const publish = useMutation({
    retry: retryNotYet,
    retryDelay: NOT_YET_DELAY_MS,
    mutationFn: async (body: unknown) => api<Offer>('/api/offer/offers', { method: 'POST', body }),
    onSuccess: () => {
      setDone(true);
      setForm({ quantity: '', expectedDeliveryDate: '', conditions: '', note: '' });
      void client.invalidateQueries({ queryKey: ['offers'] });
      void client.invalidateQueries({ queryKey: ['board-requests'] });
    },
  });
  const bind = formBinding(form, setForm, rules.errors);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setDone(false);
    const body = compact({
      requestId: request.requestId,
      quantity: form.quantity === '' ? undefined : Number(form.quantity),
      expectedDeliveryDate: form.expectedDeliveryDate,
      conditions: form.conditions.trim(),
      note: form.note.trim(),
    });
    if (rules.check(body)) publish.mutate(body);
  };
  const name = itemName({ code: request.itemCode, name: request.itemName }, lang);
  const id = request.requestId;
  return (
    <li
      className="card"
      data-testid="board-request"
      data-request-id={id}
      data-item={request.itemCode ?? request.itemName}
      data-incident={request.incidentReference}
      data-mode={modeOf(request)}
    >
      <RequestHeading r={request} />
      <p className="muted">
        {t('field.neededBy')}: {formatDate(request.neededBy, lang)} · {t('requests.available')}:{' '}
        <span data-testid="board-available">{formatNumber(request.available, lang)}</span>
      </p>
      <CoverageBarView
        coverage={{
          requested: request.quantity,
          pledged: request.pledged,
          delivered: request.delivered,
          remaining: request.remaining,
        }}
        item={name}
      />
      <KitVersionsPanel itemCode={request.itemCode} label={name} canPublish={false} />
      <MatchingStock requestId={id} remaining={request.remaining} item={name} />
      <form
        className="form inline"
        onSubmit={submit}
        noValidate
        data-testid="offer-form"
        aria-label={t('board.offerFor', { item: name })}
      >
        <Field
          label={t('common.quantity')}
          id={`oq-${id}`}
          type="number"
          min={1}
          data-testid="offer-quantity-input"
          {...bind('quantity', 'quantity')}
        />
        <Field
          label={t('field.expectedDeliveryDate')}
          id={`od-${id}`}
          type="date"
          data-testid="offer-date-input"
          {...bind('expectedDeliveryDate')}
        />
        <Field
          label={t('field.conditions')}
          id={`oc-${id}`}
          data-testid="offer-conditions-input"
          {...bind('conditions', 'conditions')}
        />
        <Field
          label={t('common.note')}
          id={`on-${id}`}
          data-testid="offer-note-input"
          {...bind('note', 'note')}
        />
        <button
          type="submit"
          className="primary"
          data-testid="offer-submit"
          disabled={publish.isPending}
        >
          {t('board.offer')}
        </button>
      </form>
      <OtherErrors errors={rules.errors} shown={['quantity', 'conditions', 'note']} />
      <ProblemAlert error={publish.error} />
      {done ? <Notice>{t('board.published')}</Notice> : null}
    </li>
  );
}
