import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, query } from '../api';
import { actionWord } from '../audit';
import { isAdmin } from '../auth';
import { formatDateTime } from '../i18n';
import { ledgerPath, ledgerWord, type LedgerSource } from '../ledger';
import { useSession } from '../session';
import { FieldMessage, Notice, ProblemAlert, useFormRules, useLanguage } from '../ui';
import {
  NO_SUBSCRIPTION,
  subscriptionBody,
  subscriptionLines,
  toggled,
  type Subscription,
  type SubscriptionFields,
} from '../subscriptions';
import {
  SUBSCRIPTION_EVENT_GROUPS,
  type SubscriptionEventGroup,
} from '../subscription-event-types';
import type { Incident, IncidentPage } from '../types';
import { HistoryPanel } from './audit-parts';
import {
  HAZARD_CODES,
  ITEM_CODES,
  REGION_CODES,
  SEVERITY_CODES,
  hazardName,
  itemName,
  regionName,
  severityName,
} from '../vocabulary';

interface Subscriber {
  id: string;
  name: string;
  organisation: string;
  email: string | null;
  phone: string | null;
  language: string;
  channels: string[];
  /** Hears of exercises and tests (drills) too; off by default. */
  receiveExercises: boolean;
  userId: string | null;
}

interface LedgerRow {
  id: string;
  eventType: string;
  channel: string;
  recipient: string;
  subject: string | null;
  status: string;
  createdAt: string;
  deliveryReceipt: string | null;
}

const list = <T,>(data: T[] | { items: T[] }): T[] => (Array.isArray(data) ? data : data.items);

/** The incidents a subscription may be about (the list the Feedback screen filters by). */
function useIncidentChoices() {
  return useQuery({
    queryKey: ['incidents', 'subscription-filter'],
    queryFn: async () =>
      (await api<IncidentPage>(`/api/incident/incidents${query({ limit: 100 })}`)).data.items,
  });
}

/**
 * Subscriptions: an administrator picks any subscriber and reads its ledger (GET /notifications);
 * anyone else manages the subscriber linked to them (GET /subscribers/me), with the same panel,
 * and reads what was sent to them (GET /subscribers/me/notifications, open to every role).
 */
export function SubscriptionsScreen() {
  const { t } = useTranslation();
  const { identity } = useSession();
  const admin = isAdmin(identity);
  const [selected, setSelected] = useState('');
  const subscribers = useQuery({
    queryKey: ['subscribers'],
    enabled: admin,
    queryFn: async () =>
      list(
        (await api<Subscriber[] | { items: Subscriber[] }>('/api/notification/subscribers')).data,
      ),
  });
  return (
    <section aria-labelledby="subs-title" data-testid="subscriptions-screen">
      <h1 id="subs-title">{t('subscriptions.title')}</h1>
      {!admin ? <MySubscriber /> : null}
      {admin ? (
        <>
          <ProblemAlert error={subscribers.error} />
          <label>
            <span>{t('subscriptions.subscriber')}</span>
            <select
              data-testid="subscriber-select"
              value={selected}
              onChange={(e) => setSelected(e.target.value)}
            >
              <option value="">{t('common.none')}</option>
              {subscribers.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.organisation})
                </option>
              ))}
            </select>
          </label>
        </>
      ) : null}
      {selected ? <SubscriberPanel id={selected} ledger={{ subscriberId: selected }} /> : null}
      {selected ? (
        <HistoryPanel
          type="subscriber"
          id={selected}
          label={subscribers.data?.find((s) => s.id === selected)?.name ?? selected}
        />
      ) : null}
    </section>
  );
}

/** The caller's own subscriber; a 404 means none is linked to them. */
function MySubscriber() {
  const { t } = useTranslation();
  const me = useQuery({
    queryKey: ['subscribers', 'me'],
    retry: (failures, error) =>
      !(error instanceof ApiError && error.problem.status === 404) && failures < 2,
    queryFn: async () => (await api<Subscriber>('/api/notification/subscribers/me')).data,
  });
  if (me.error instanceof ApiError && me.error.problem.status === 404) {
    return <p data-testid="subscriptions-unavailable">{t('subscriptions.notRegistered')}</p>;
  }
  if (me.error) return <ProblemAlert error={me.error} />;
  if (!me.data) return <p aria-busy="true">{t('app.loading')}</p>;
  const s = me.data;
  return (
    <>
      <section aria-labelledby="my-subscriber-title" className="panel" data-testid="my-subscriber">
        <h2 id="my-subscriber-title">{t('subscriptions.mine')}</h2>
        <p>
          {s.name} ({s.organisation})
        </p>
        <p>
          {t('subscriptions.contact')}: {[s.email, s.phone].filter(Boolean).join(', ')}
        </p>
        <p>
          {t('app.language')}: {t(`languageName.${s.language}`)}
        </p>
      </section>
      <SubscriberPanel id={s.id} ledger={{ mine: true }} />
    </>
  );
}

function SubscriberPanel({ id, ledger }: { id: string; ledger: LedgerSource }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const incidents = useIncidentChoices();
  const subs = useQuery({
    queryKey: ['subscriptions', id],
    queryFn: async () =>
      list(
        (
          await api<Subscription[] | { items: Subscription[] }>(
            `/api/notification/subscribers/${id}/subscriptions`,
          )
        ).data,
      ),
  });
  const remove = useMutation({
    mutationFn: async (sid: string) =>
      api(`/api/notification/subscribers/${id}/subscriptions/${sid}`, { method: 'DELETE' }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['subscriptions', id] }),
  });
  return (
    <>
      <ReceiveExercises id={id} />
      <section aria-labelledby="sub-list-title">
        <h2 id="sub-list-title">{t('subscriptions.title')}</h2>
        <ProblemAlert error={subs.error ?? remove.error} />
        <ul className="cards" data-testid="subscription-list">
          {subs.data?.map((s) => (
            <li key={s.id} className="card" data-testid="subscription" data-subscription-id={s.id}>
              {subscriptionLines(s, t, lang, incidents.data ?? []).map((line) => (
                <p key={line.field} data-testid="subscription-line" data-field={line.field}>
                  {line.label}: {line.text}
                </p>
              ))}
              <button type="button" className="danger" onClick={() => remove.mutate(s.id)}>
                {t('subscriptions.remove')}
              </button>
            </li>
          ))}
        </ul>
        <AddSubscription id={id} incidents={incidents.data ?? []} />
      </section>
      <Ledger source={ledger} />
    </>
  );
}

/**
 * Whether the subscriber hears of exercises and tests too: a checkbox saved at once with
 * PATCH /subscribers/:id { receiveExercises } (open to the subscriber and to an administrator;
 * subscribers carry no version, so no If-Match).
 */
function ReceiveExercises({ id }: { id: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const subscriber = useQuery({
    queryKey: ['subscriber', id],
    queryFn: async () => (await api<Subscriber>(`/api/notification/subscribers/${id}`)).data,
  });
  const save = useMutation({
    mutationFn: async (receiveExercises: boolean) =>
      (
        await api<Subscriber>(`/api/notification/subscribers/${id}`, {
          method: 'PATCH',
          body: { receiveExercises },
        })
      ).data,
    onSuccess: (saved) => {
      client.setQueryData(['subscriber', id], saved);
      void client.invalidateQueries({ queryKey: ['subscribers'] });
    },
  });
  if (!subscriber.data) return <ProblemAlert error={subscriber.error} />;
  const checked = save.isPending ? save.variables : subscriber.data.receiveExercises === true;
  return (
    <div className="panel" data-testid="receive-exercises">
      <label htmlFor={`receive-exercises-${id}`} className="checkbox">
        <input
          type="checkbox"
          id={`receive-exercises-${id}`}
          data-testid="receive-exercises-input"
          aria-describedby={`receive-exercises-hint-${id}`}
          checked={checked}
          disabled={save.isPending}
          onChange={(e) => save.mutate(e.target.checked)}
        />{' '}
        <span>{t('subscriptions.receiveExercises')}</span>
      </label>
      <p className="muted small" id={`receive-exercises-hint-${id}`}>
        {t('subscriptions.receiveExercisesHint')}
      </p>
      {save.isSuccess ? <Notice>{t('subscriptions.receiveExercisesSaved')}</Notice> : null}
      <ProblemAlert error={save.error} />
    </div>
  );
}

function AddSubscription({ id, incidents }: { id: string; incidents: readonly Incident[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const rules = useFormRules('notification', 'CreateSubscriptionDto');
  const [form, setForm] = useState<SubscriptionFields>(NO_SUBSCRIPTION);
  const add = useMutation({
    mutationFn: async (body: unknown) =>
      api(`/api/notification/subscribers/${id}/subscriptions`, { method: 'POST', body }),
    onSuccess: () => setForm(NO_SUBSCRIPTION),
    onSettled: () => void client.invalidateQueries({ queryKey: ['subscriptions', id] }),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = subscriptionBody(form);
    if (rules.check(body)) add.mutate(body);
  };
  const several = (key: keyof Omit<SubscriptionFields, 'minSeverity'>) => ({
    multiple: true,
    size: 6,
    value: form[key],
    onChange: (e: { target: HTMLSelectElement }) =>
      setForm({ ...form, [key]: [...e.target.selectedOptions].map((o) => o.value) }),
  });
  return (
    <form
      className="form panel"
      onSubmit={submit}
      noValidate
      data-testid="subscription-form"
      aria-labelledby="add-sub-title"
    >
      <h3 id="add-sub-title">{t('subscriptions.add')}</h3>
      <fieldset data-testid="subscription-event-types" aria-describedby="sub-event-types-hint">
        <legend>{t('subscriptions.eventTypes')}</legend>
        <p className="muted small" id="sub-event-types-hint">
          {t('subscriptions.eventTypesHint')}
        </p>
        <div className="row">
          {(Object.keys(SUBSCRIPTION_EVENT_GROUPS) as SubscriptionEventGroup[]).map((group) => (
            <fieldset key={group} data-group={group}>
              <legend>{t(`subscriptions.group.${group}`)}</legend>
              {SUBSCRIPTION_EVENT_GROUPS[group].map((type) => (
                <label key={type} className="checkbox">
                  <input
                    type="checkbox"
                    data-testid={`subscription-event-${type}`}
                    checked={form.eventTypes.includes(type)}
                    onChange={(e) =>
                      setForm({
                        ...form,
                        eventTypes: toggled(form.eventTypes, type, e.target.checked),
                      })
                    }
                  />{' '}
                  <span>{actionWord(t, type)}</span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
        <FieldMessage errors={rules.errors} field="eventTypes" id="err-sub-event-types" />
      </fieldset>
      <div className="row">
        <label>
          <span>{t('field.region')}</span>
          <select data-testid="subscription-regions" {...several('regions')}>
            {REGION_CODES.map((c) => (
              <option key={c} value={c}>
                {regionName(c, lang)}
              </option>
            ))}
          </select>
          <FieldMessage errors={rules.errors} field="regions" id="err-sub-regions" />
        </label>
        <label>
          <span>{t('field.hazard')}</span>
          <select data-testid="subscription-hazards" {...several('hazards')}>
            {HAZARD_CODES.map((c) => (
              <option key={c} value={c}>
                {hazardName(c, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('subscriptions.minSeverity')}</span>
          <select
            data-testid="subscription-min-severity"
            value={form.minSeverity}
            onChange={(e) => setForm({ ...form, minSeverity: e.target.value })}
          >
            <option value="">{t('common.none')}</option>
            {SEVERITY_CODES.map((c) => (
              <option key={c} value={c}>
                {severityName(c, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          <span>{t('subscriptions.incidents')}</span>
          <select data-testid="subscription-incidents" {...several('incidentIds')}>
            {incidents.map((i) => (
              <option key={i.id} value={i.id}>
                {i.reference} · {i.title}
              </option>
            ))}
          </select>
          <FieldMessage errors={rules.errors} field="incidentIds" id="err-sub-incidents" />
        </label>
        <label>
          <span>{t('subscriptions.items')}</span>
          <select data-testid="subscription-items" {...several('itemCodes')}>
            {ITEM_CODES.map((c) => (
              <option key={c} value={c}>
                {itemName({ code: c, name: c }, lang)}
              </option>
            ))}
          </select>
          <FieldMessage errors={rules.errors} field="itemCodes" id="err-sub-items" />
        </label>
      </div>
      <p className="muted small">{t('subscriptions.filtersHint')}</p>
      <ProblemAlert error={add.error} />
      <button
        type="submit"
        className="primary"
        data-testid="subscription-submit"
        disabled={add.isPending}
      >
        {t('subscriptions.add')}
      </button>
    </form>
  );
}

/** Newest first: what was sent, when, on which channel, and how it went. */
function Ledger({ source }: { source: LedgerSource }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const path = ledgerPath(source);
  const rows = useQuery({
    queryKey: ['notifications', path],
    queryFn: async () => list((await api<LedgerRow[] | { items: LedgerRow[] }>(path)).data),
  });
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t('subscriptions.ledger')}</h2>
      <ProblemAlert error={rows.error} />
      <table className="data" data-testid="delivery-ledger">
        <thead>
          <tr>
            <th scope="col">{t('subscriptions.sentAt')}</th>
            <th scope="col">{t('subscriptions.channel')}</th>
            <th scope="col">{t('subscriptions.eventTypes')}</th>
            <th scope="col">{t('field.text')}</th>
            <th scope="col">{t('field.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.data?.map((r) => (
            <tr key={r.id} data-testid="ledger-row">
              <td>{formatDateTime(r.createdAt, lang)}</td>
              <td>{ledgerWord(t, 'channel', r.channel)}</td>
              <td data-event-type={r.eventType}>{actionWord(t, r.eventType)}</td>
              <td>{r.subject ?? ''}</td>
              <td data-status={r.status}>
                {ledgerWord(t, 'status', r.status)}
                {r.deliveryReceipt
                  ? ` (${t('subscriptions.receipt')}: ${ledgerWord(t, 'receipt', r.deliveryReceipt)})`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.data?.length === 0 ? (
        <p data-testid="ledger-empty">{t('subscriptions.ledgerEmpty')}</p>
      ) : null}
    </section>
  );
}
