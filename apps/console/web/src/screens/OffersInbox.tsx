import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api';
import { modeOf } from '../mode';
import type { Offer, Page } from '../types';
import { ProblemAlert } from '../ui';
import { HistoryPanel } from './audit-parts';
import { OfferActions, OfferSummary, RequestCoverage, type OfferAction } from './offer-parts';

const STATUSES = ['published', 'accepted', 'dispatched', 'delivered', 'declined', 'withdrawn'];

const INBOX_ACTIONS: Record<string, OfferAction[]> = {
  published: [
    { action: 'accept', label: 'inbox.accept', schema: 'AcceptOfferDto', testid: 'offer-accept' },
    {
      action: 'accept',
      label: 'inbox.acceptPart',
      schema: 'AcceptOfferDto',
      field: 'quantity',
      required: true,
      testid: 'offer-accept-part',
    },
    {
      action: 'decline',
      label: 'inbox.decline',
      schema: 'ReasonDto',
      field: 'reason',
      required: true,
      danger: true,
      testid: 'offer-decline',
    },
  ],
  dispatched: [
    {
      action: 'confirm-delivery',
      label: 'inbox.confirm',
      schema: 'ConfirmDeliveryDto',
      field: 'quantity',
      testid: 'offer-confirm',
    },
  ],
};

export function OffersInbox() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const offers = useQuery({
    queryKey: ['offers', 'inbox', status],
    queryFn: async () =>
      (await api<Page<Offer>>(`/api/offer/offers${query({ status, limit: 100 })}`)).data,
  });
  return (
    <section aria-labelledby="inbox-title" data-testid="offers-inbox">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <label className="filters">
        <span>{t('inbox.filter')}</span>
        <select
          data-testid="inbox-status-filter"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
        >
          <option value="">{t('common.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`offer.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <ProblemAlert error={offers.error} />
      {offers.data && offers.data.items.length === 0 ? <p>{t('inbox.none')}</p> : null}
      <ul className="cards" data-testid="inbox-offers">
        {offers.data?.items.map((o) => (
          <li
            key={o.id}
            className="card"
            data-testid="inbox-offer"
            data-id={o.id}
            data-partner={o.partner.code}
            data-status={o.status}
            data-mode={modeOf(o)}
            data-request-id={o.requestId ?? ''}
          >
            <OfferSummary offer={o} level={2} />
            {o.requestId ? <RequestCoverage requestId={o.requestId} /> : null}
            {INBOX_ACTIONS[o.status] ? (
              <OfferActions offer={o} actions={INBOX_ACTIONS[o.status] ?? []} />
            ) : null}
            <HistoryPanel
              type="offer"
              id={o.id}
              label={`${o.partner.code} · ${o.incidentReference}`}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
