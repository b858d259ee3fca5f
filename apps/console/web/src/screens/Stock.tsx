import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, NOT_YET_DELAY_MS, query, retryNotYet } from '../api';
import { isAgency } from '../auth';
import { formatDate, formatNumber } from '../i18n';
import { useSession } from '../session';
import {
  distanceText,
  movementBody,
  NO_STOCK,
  stockBody,
  stockOfferQuantity,
  type StockFields,
  type StockMatch,
  type Stockpile,
  type StockPage,
} from '../stock';
import type { Offer } from '../types';
import {
  choices,
  Field,
  formBinding,
  Notice,
  OtherErrors,
  ProblemAlert,
  SelectField,
  useFormRules,
  useLanguage,
} from '../ui';
import {
  catalogueUnit,
  ITEM_CODES,
  itemName,
  REGION_CODES,
  regionName,
  unitName,
} from '../vocabulary';

/** Stockpiles: an agency's own, the ministry's view of all; record one, receive, write off. */
export function StockScreen() {
  const { t } = useTranslation();
  const { identity } = useSession();
  const stock = useQuery({
    queryKey: ['stock', 'list'],
    queryFn: async () => (await api<StockPage>(`/api/offer/stock${query({ limit: 100 })}`)).data,
  });
  return (
    <section aria-labelledby="stock-title" data-testid="stock-screen">
      <h1 id="stock-title">{t('stock.title')}</h1>
      <p className="muted">
        {isAgency(identity) ? t('stock.introAgency') : t('stock.introMinistry')}
      </p>
      <ProblemAlert error={stock.error} />
      <h2>{t('stock.list')}</h2>
      {stock.data && stock.data.items.length === 0 ? (
        <p data-testid="stock-empty">{t('stock.empty')}</p>
      ) : null}
      <ul className="cards" data-testid="stock-list">
        {stock.data?.items.map((s) => (
          <StockRow key={s.id} stock={s} />
        ))}
      </ul>
      <RecordStockpile />
    </section>
  );
}

function StockFacts({ stock }: { stock: Stockpile }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const n = (v: number): string => formatNumber(v, lang);
  const unit = unitName(stock.unit, lang);
  return (
    <>
      <div className="card-head">
        <h3>
          {itemName({ code: stock.itemCode, name: stock.itemCode }, lang)}
          {stock.itemVersion ? ` · ${t('kits.version', { version: stock.itemVersion })}` : ''}
        </h3>
        <span className="badge" data-testid="stock-owner">
          {stock.ownerName || stock.ownerCode}
        </span>
      </div>
      <p className="muted">
        {regionName(stock.region, lang)} · {stock.warehouse}
        {stock.expiresOn ? ` · ${t('stock.expiresOn')}: ${formatDate(stock.expiresOn, lang)}` : ''}
      </p>
      <p>
        {t('stock.available')}: <strong data-testid="stock-available">{n(stock.available)}</strong>{' '}
        {unit} · {t('stock.onHand')}: <span data-testid="stock-on-hand">{n(stock.onHand)}</span> ·{' '}
        {t('stock.reserved')}: <span data-testid="stock-reserved">{n(stock.reserved)}</span>
      </p>
    </>
  );
}

function StockRow({ stock }: { stock: Stockpile }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const rules = useFormRules('offer', 'StockMovementDto');
  const [kind, setKind] = useState<'none' | 'received' | 'written-off'>('none');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: async (body: unknown) =>
      api<Stockpile>(`/api/offer/stock/${stock.id}/movements`, {
        method: 'POST',
        body,
        ifMatch: stock.version,
      }),
    onSuccess: () => {
      setKind('none');
      setQuantity('');
      setReason('');
    },
    onSettled: () => void client.invalidateQueries({ queryKey: ['stock'] }),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (kind === 'none') return;
    const body = movementBody(kind, quantity, reason);
    if (rules.check(body)) move.mutate(body);
  };
  return (
    <li
      className="card"
      data-testid="stockpile"
      data-id={stock.id}
      data-item={stock.itemCode}
      data-region={stock.region}
      data-owner={stock.ownerCode}
    >
      <StockFacts stock={stock} />
      <div className="actions">
        <button type="button" data-testid="stock-receive" onClick={() => setKind('received')}>
          {t('stock.receive')}
        </button>
        <button
          type="button"
          className="danger"
          data-testid="stock-write-off"
          onClick={() => setKind('written-off')}
        >
          {t('stock.writeOff')}
        </button>
      </div>
      {kind !== 'none' ? (
        <form
          className="form inline"
          onSubmit={submit}
          noValidate
          data-testid="stock-movement-form"
          data-kind={kind}
        >
          <Field
            label={t('stock.movementQuantity')}
            id={`mq-${stock.id}`}
            type="number"
            min={1}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            errors={rules.errors}
            field="quantity"
            data-testid="stock-movement-quantity"
          />
          {kind === 'written-off' ? (
            <Field
              label={t('common.reason')}
              id={`mr-${stock.id}`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              errors={rules.errors}
              field="reason"
              data-testid="stock-movement-reason"
            />
          ) : null}
          <button type="submit" className="primary" data-testid="stock-movement-submit">
            {kind === 'received' ? t('stock.receive') : t('stock.writeOff')}
          </button>
          <button type="button" onClick={() => setKind('none')}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}
      {/* A 412 says "changed by someone else"; the stockpile is read again meanwhile. */}
      <ProblemAlert error={move.error} />
      {move.isSuccess && kind === 'none' ? <Notice>{t('stock.moved')}</Notice> : null}
    </li>
  );
}

function RecordStockpile() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const rules = useFormRules('offer', 'RecordStockpileDto');
  const [form, setForm] = useState<StockFields>(NO_STOCK);
  const record = useMutation({
    mutationFn: async (body: unknown) =>
      api<Stockpile>('/api/offer/stock', { method: 'POST', body }),
    onSuccess: () => {
      setForm(NO_STOCK);
      void client.invalidateQueries({ queryKey: ['stock'] });
    },
  });
  const bind = formBinding(form, setForm, rules.errors);
  const chooseItem = (code: string): void =>
    setForm({ ...form, itemCode: code, unit: form.unit || (catalogueUnit(code) ?? '') });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = stockBody(form);
    if (rules.check(body)) record.mutate(body);
  };
  return (
    <section aria-labelledby="record-stock-title">
      <h2 id="record-stock-title">{t('stock.record')}</h2>
      <form className="form" onSubmit={submit} noValidate data-testid="stock-form">
        <SelectField
          label={t('field.region')}
          id="stock-region"
          blank=""
          options={choices(REGION_CODES, (c) => regionName(c, lang))}
          data-testid="stock-region"
          {...bind('region', 'region')}
        />
        <Field
          label={t('stock.warehouse')}
          id="stock-warehouse"
          data-testid="stock-warehouse"
          {...bind('warehouse', 'warehouse')}
        />
        <SelectField
          label={t('field.item')}
          id="stock-item"
          blank=""
          options={choices(ITEM_CODES, (c) => itemName({ code: c, name: c }, lang))}
          data-testid="stock-item"
          {...bind('itemCode', 'itemCode')}
          onChange={(e) => chooseItem(e.target.value)}
        />
        <Field
          label={t('stock.itemVersion')}
          id="stock-item-version"
          type="number"
          min={1}
          data-testid="stock-item-version"
          {...bind('itemVersion', 'itemVersion')}
        />
        <Field
          label={t('field.unit')}
          id="stock-unit"
          data-testid="stock-unit"
          {...bind('unit', 'unit')}
        />
        <Field
          label={t('common.quantity')}
          id="stock-quantity"
          type="number"
          min={1}
          data-testid="stock-quantity"
          {...bind('quantity', 'quantity')}
        />
        <Field
          label={t('stock.expiresOn')}
          id="stock-expires"
          type="date"
          data-testid="stock-expires"
          {...bind('expiresOn', 'expiresOn')}
        />
        <button
          type="submit"
          className="primary"
          data-testid="stock-submit"
          disabled={record.isPending}
        >
          {t('stock.record')}
        </button>
      </form>
      <OtherErrors
        errors={rules.errors}
        shown={['region', 'warehouse', 'itemCode', 'itemVersion', 'unit', 'quantity', 'expiresOn']}
      />
      <ProblemAlert error={record.error} />
      {record.isSuccess ? <Notice>{t('stock.recorded')}</Notice> : null}
    </section>
  );
}

/**
 * A request's matching stock (GET /stock/matches), nearest first; its owner (the agency, or the
 * ministry for its own stock) may offer from a stockpile (POST /offers with stockpileId: the
 * quantity is reserved). Whether the caller is the owner is the service's word (`yours`).
 */
export function MatchingStock({
  requestId,
  remaining,
  item,
}: {
  requestId: string;
  remaining: number;
  item: string;
}) {
  const { t } = useTranslation();
  const matches = useQuery({
    queryKey: ['stock', 'matches', requestId],
    queryFn: async () =>
      (await api<StockMatch[]>(`/api/offer/stock/matches${query({ requestId })}`)).data,
    retry: (failures, error) => retryNotYet(failures, error),
    retryDelay: NOT_YET_DELAY_MS,
  });
  return (
    <section
      className="matching-stock"
      aria-label={t('stock.matchesFor', { item })}
      data-testid="matching-stock"
      data-request-id={requestId}
    >
      <h4>{t('stock.matches')}</h4>
      <ProblemAlert error={matches.error} />
      {matches.data && matches.data.length === 0 ? (
        <p className="muted" data-testid="matching-stock-none">
          {t('stock.noMatches')}
        </p>
      ) : null}
      <ul>
        {matches.data?.map((m) => (
          <StockMatchRow key={m.id} match={m} requestId={requestId} remaining={remaining} />
        ))}
      </ul>
    </section>
  );
}

function StockMatchRow({
  match,
  requestId,
  remaining,
}: {
  match: StockMatch;
  requestId: string;
  remaining: number;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const [quantity, setQuantity] = useState(String(stockOfferQuantity(match, remaining)));
  const offer = useMutation({
    retry: retryNotYet,
    retryDelay: NOT_YET_DELAY_MS,
    mutationFn: async (body: unknown) => api<Offer>('/api/offer/offers', { method: 'POST', body }),
    onSettled: () => {
      for (const queryKey of [['stock'], ['offers'], ['board-requests'], ['requests']]) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    offer.mutate({ requestId, stockpileId: match.id, quantity: Number(quantity) });
  };
  return (
    <li
      data-testid="stock-match"
      data-id={match.id}
      data-owner={match.ownerCode}
      data-distance-km={Math.round(match.distanceKm)}
      data-version-differs={match.versionDiffers}
    >
      <span>
        {match.ownerName || match.ownerCode} · {regionName(match.region, lang)} ({match.warehouse})
        · <span data-testid="stock-match-distance">{distanceText(match.distanceKm, t, lang)}</span>{' '}
        · {t('stock.available')}: {formatNumber(match.available, lang)} {unitName(match.unit, lang)}
      </span>
      {match.versionDiffers ? (
        <span className="badge warn" data-testid="stock-match-version">
          {t('stock.versionDiffers', {
            version: match.itemVersion
              ? t('kits.version', { version: match.itemVersion })
              : t('stock.anyVersion'),
          })}
        </span>
      ) : null}
      {match.yours ? (
        <form className="form inline" onSubmit={submit} noValidate data-testid="stock-offer-form">
          <Field
            label={t('stock.offerQuantity')}
            id={`sq-${match.id}`}
            type="number"
            min={1}
            max={match.available}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            data-testid="stock-offer-quantity"
          />
          <button
            type="submit"
            className="primary"
            data-testid="stock-offer-submit"
            disabled={offer.isPending || offer.isSuccess}
          >
            {t('stock.offerFromStock')}
          </button>
        </form>
      ) : null}
      <ProblemAlert error={offer.error} />
      {offer.isSuccess ? <Notice>{t('stock.offered')}</Notice> : null}
    </li>
  );
}
