import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isStale, NOT_YET_DELAY_MS, query, retryNotYet } from '../api';
import { isMinistry } from '../auth';
import { formatDate, formatNumber } from '../i18n';
import { modeOf } from '../mode';
import { useSession } from '../session';
import type { Incident, Page, ResourceRequest } from '../types';
import {
  choices,
  CoverageBarView,
  Field,
  formBinding,
  ModeBadge,
  OtherErrors,
  ProblemAlert,
  SelectField,
  StaleNotice,
  TextAreaField,
  useFormRules,
  useLanguage,
} from '../ui';
import { compact } from '../validation';
import { HistoryPanel } from './audit-parts';
import { KitVersionsPanel } from './KitVersions';
import { MatchingStock } from './Stock';
import { ITEM_CODES, catalogueUnit, itemName, regionName, unitName } from '../vocabulary';

const ENDED = ['cancelled', 'closed', 'fulfilled'];

export function IncidentRequests({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const { identity } = useSession();
  const requests = useQuery({
    queryKey: ['requests', incident.id],
    queryFn: async () =>
      (
        await api<Page<ResourceRequest>>(
          `/api/request/requests${query({ incidentId: incident.id, limit: 100 })}`,
        )
      ).data,
  });
  const ministry = isMinistry(identity);
  const open = incident.status !== 'closed' && incident.status !== 'cancelled';
  return (
    <section aria-labelledby="requests-title" data-testid="incident-requests">
      <h2 id="requests-title">{t('incidents.requests')}</h2>
      <ProblemAlert error={requests.error} />
      {requests.data && requests.data.items.length === 0 ? <p>{t('requests.none')}</p> : null}
      <ul className="cards">
        {requests.data?.items.map((r) => (
          <RequestCard key={r.id} request={r} editable={ministry} />
        ))}
      </ul>
      {ministry && open ? <RaiseRequest incident={incident} /> : null}
    </section>
  );
}

function RequestCard({ request, editable }: { request: ResourceRequest; editable: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const name = itemName(request.item, lang);
  const ended = ENDED.includes(request.status);
  return (
    <li
      className="card"
      data-testid="request-card"
      data-id={request.id}
      data-item={request.item.code ?? request.item.name}
      data-scope={request.scope}
      data-status={request.status}
      data-version={request.version}
      data-mode={modeOf(request)}
    >
      <div className="card-head">
        <h3>
          {name} · {formatNumber(request.quantity, lang)} {unitName(request.item.unit, lang)}
        </h3>
        <ModeBadge mode={request.mode} />
        <span className={`badge scope-${request.scope}`} data-testid="request-scope">
          {t(`requests.scope.${request.scope}`)}
        </span>
        <span className="badge" data-testid="request-status">
          {t(`requests.status.${request.status}`)}
        </span>
        <span className="badge">{t(`requests.priority.${request.priority}`)}</span>
      </div>
      <p className="muted">
        {regionName(request.location.region, lang)} · {t('field.neededBy')}:{' '}
        {formatDate(request.neededBy, lang)}
        {request.endReason ? ` · ${request.endReason}` : ''}
      </p>
      <CoverageBarView coverage={request.coverage} item={name} />
      <KitVersionsPanel
        itemCode={request.item.code}
        label={name}
        requested={request.item.version}
        canPublish={editable}
      />
      {!ended ? (
        <MatchingStock requestId={request.id} remaining={request.coverage.remaining} item={name} />
      ) : null}
      {editable && !ended ? <RequestActions request={request} /> : null}
      <HistoryPanel type="request" id={request.id} label={name} />
    </li>
  );
}

function useRequestWrite(request: ResourceRequest) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ path, method, body }: { path: string; method: string; body: unknown }) =>
      api<ResourceRequest>(`/api/request/requests/${request.id}${path}`, {
        method,
        body,
        ifMatch: request.version,
      }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['requests', request.incidentId] });
    },
  });
}

function RequestActions({ request }: { request: ResourceRequest }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const write = useRequestWrite(request);
  const scopeRules = useFormRules('request', 'ChangeScopeDto');
  const cancelRules = useFormRules('request', 'CancelRequestDto');
  const editRules = useFormRules('request', 'UpdateRequestDto');
  const [reason, setReason] = useState('');
  const [quantity, setQuantity] = useState(String(request.quantity));
  const [mode, setMode] = useState<'none' | 'scope' | 'cut' | 'cancel'>('none');
  const target = request.scope === 'domestic' ? 'international' : 'domestic';
  const errors = [...scopeRules.errors, ...cancelRules.errors, ...editRules.errors];

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (mode === 'scope') {
      const body = compact({ scope: target, reason: reason.trim() });
      if (target === 'international' && !body.reason) {
        scopeRules.check({ scope: target, reason: '' });
        return;
      }
      if (scopeRules.check(body)) write.mutate({ path: '/scope', method: 'POST', body });
    } else if (mode === 'cancel') {
      const body = { reason: reason.trim() };
      if (cancelRules.check(body)) write.mutate({ path: '/cancel', method: 'POST', body });
    } else if (mode === 'cut') {
      const body = { quantity: Number(quantity) };
      if (editRules.check(body)) write.mutate({ path: '', method: 'PATCH', body });
    }
  };
  return (
    <div className="request-actions">
      <div className="actions">
        <button
          type="button"
          data-testid="request-scope-open"
          aria-pressed={mode === 'scope'}
          onClick={() => setMode('scope')}
        >
          {target === 'international' ? t('requests.widen') : t('requests.narrow')}
        </button>
        <button
          type="button"
          data-testid="request-cut-open"
          aria-pressed={mode === 'cut'}
          onClick={() => setMode('cut')}
        >
          {t('requests.cut')}
        </button>
        <button
          type="button"
          className="danger"
          data-testid="request-cancel-open"
          aria-pressed={mode === 'cancel'}
          onClick={() => setMode('cancel')}
        >
          {t('requests.cancelRequest')}
        </button>
      </div>
      {mode !== 'none' ? (
        <form
          className="form inline"
          onSubmit={submit}
          noValidate
          data-testid={`request-${mode}-form`}
        >
          {mode === 'cut' ? (
            <Field
              label={t('common.quantity')}
              id={`q-${request.id}`}
              errors={errors}
              field="quantity"
              type="number"
              min={1}
              data-testid="request-quantity"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          ) : (
            <Field
              label={t('common.reason')}
              id={`r-${request.id}`}
              errors={errors}
              field="reason"
              data-testid="request-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
          <button
            type="submit"
            className="primary"
            data-testid="request-action-submit"
            disabled={write.isPending}
          >
            {t('common.submit')}
          </button>
          <button type="button" onClick={() => setMode('none')}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}
      {isStale(write.error) ? (
        <StaleNotice
          message={t('requests.stale', { version: request.version })}
          facts={[
            [t('requests.requested'), formatNumber(request.coverage.requested, lang)],
            [t('requests.pledged'), formatNumber(request.coverage.pledged, lang)],
            [t('field.scope'), t(`requests.scope.${request.scope}`)],
          ]}
        />
      ) : (
        <ProblemAlert error={write.error} />
      )}
    </div>
  );
}

function today(): string {
  const d = new Date();
  d.setDate(d.getDate() + 7);
  return d.toISOString().slice(0, 10);
}

function RaiseRequest({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const rules = useFormRules('request', 'RaiseRequestDto');
  const [form, setForm] = useState({
    itemCode: 'WASH-HYGIENE-KIT',
    quantity: '',
    priority: 'high',
    neededBy: today(),
    address: '',
    notes: '',
    scope: 'domestic',
  });
  const raise = useMutation({
    retry: retryNotYet,
    retryDelay: NOT_YET_DELAY_MS,
    mutationFn: async (body: unknown) =>
      api<ResourceRequest>('/api/request/requests', { method: 'POST', body }),
    onSuccess: () => {
      setForm({ ...form, quantity: '', notes: '', address: '' });
      void client.invalidateQueries({ queryKey: ['requests', incident.id] });
    },
  });
  const bind = formBinding(form, setForm, rules.errors);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = compact({
      incidentId: incident.id,
      item: { code: form.itemCode },
      quantity: form.quantity === '' ? undefined : Number(form.quantity),
      priority: form.priority,
      neededBy: form.neededBy,
      location: { region: incident.region, address: form.address.trim() },
      notes: form.notes.trim(),
      scope: form.scope,
    });
    if (rules.check(body)) raise.mutate(body);
  };
  return (
    <form
      className="form panel"
      onSubmit={submit}
      noValidate
      data-testid="raise-request-form"
      aria-labelledby="raise-title"
    >
      <h3 id="raise-title">{t('requests.raise')}</h3>
      <div className="row">
        <SelectField
          label={t('field.item')}
          id="request-item"
          data-testid="request-item"
          {...bind('itemCode')}
          options={choices(
            ITEM_CODES,
            (c) => `${itemName({ code: c, name: c }, lang)} (${unitName(catalogueUnit(c), lang)})`,
          )}
        />
        <Field
          label={t('common.quantity')}
          id="request-new-quantity"
          type="number"
          min={1}
          data-testid="request-new-quantity"
          {...bind('quantity', 'quantity')}
        />
        <SelectField
          label={t('field.priority')}
          id="request-priority"
          data-testid="request-priority"
          {...bind('priority')}
          options={choices(['critical', 'high', 'normal'], (p) => t(`requests.priority.${p}`))}
        />
      </div>
      <div className="row">
        <Field
          label={t('field.neededBy')}
          id="request-needed-by"
          type="date"
          data-testid="request-needed-by"
          {...bind('neededBy', 'neededBy')}
        />
        <SelectField
          label={t('field.scope')}
          id="request-new-scope"
          data-testid="request-new-scope"
          {...bind('scope')}
          options={choices(['domestic', 'international'], (c) => t(`requests.scope.${c}`))}
        />
        <Field
          label={t('field.address')}
          id="request-address"
          data-testid="request-address"
          {...bind('address', 'location.address')}
        />
      </div>
      <TextAreaField
        label={t('field.notes')}
        id="request-notes"
        rows={2}
        data-testid="request-notes"
        {...bind('notes', 'notes')}
      />
      <OtherErrors
        errors={rules.errors}
        shown={['quantity', 'neededBy', 'location.address', 'notes']}
      />
      <ProblemAlert error={raise.error} />
      <div className="actions">
        <button
          type="submit"
          className="primary"
          data-testid="raise-request-submit"
          disabled={raise.isPending}
        >
          {t('requests.raise')}
        </button>
      </div>
    </form>
  );
}
