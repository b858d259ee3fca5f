import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api';
import { isAdmin } from '../auth';
import { formatDateTime } from '../i18n';
import { ledgerPath, ledgerWord, type LedgerSource } from '../ledger';
import { useSession } from '../session';
import { FieldMessage, Notice, ProblemAlert, useFormRules, useLanguage } from '../ui';
import { compact } from '../validation';
import { HistoryPanel } from './audit-parts';
import {
  HAZARD_CODES,
  REGION_CODES,
  SEVERITY_CODES,
  hazardName,
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

interface Subscription {
  id: string;
  eventTypes: string[];
  regions: string[];
  hazards: string[];
  minSeverity: string | null;
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
            <li key={s.id} className="card" data-testid="subscription">
              <p>
                {t('field.region')}:{' '}
                {s.regions.length
                  ? s.regions.map((r) => regionName(r, lang)).join(', ')
                  : t('common.all')}
              </p>
              <p>
                {t('field.hazard')}:{' '}
                {s.hazards.length
                  ? s.hazards.map((h) => hazardName(h, lang)).join(', ')
                  : t('common.all')}
              </p>
              <p>
                {t('subscriptions.minSeverity')}:{' '}
                {s.minSeverity ? severityName(s.minSeverity, lang) : t('common.none')}
              </p>
              <button type="button" className="danger" onClick={() => remove.mutate(s.id)}>
                {t('subscriptions.remove')}
              </button>
            </li>
          ))}
        </ul>
        <AddSubscription id={id} />
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

function AddSubscription({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const rules = useFormRules('notification', 'CreateSubscriptionDto');
  const [regions, setRegions] = useState<string[]>([]);
  const [hazards, setHazards] = useState<string[]>([]);
  const [minSeverity, setMinSeverity] = useState('');
  const add = useMutation({
    mutationFn: async (body: unknown) =>
      api(`/api/notification/subscribers/${id}/subscriptions`, { method: 'POST', body }),
    onSuccess: () => {
      setRegions([]);
      setHazards([]);
      setMinSeverity('');
    },
    onSettled: () => void client.invalidateQueries({ queryKey: ['subscriptions', id] }),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = compact({ regions, hazards, minSeverity });
    if (rules.check(body)) add.mutate(body);
  };
  const selected = (e: { target: HTMLSelectElement }): string[] =>
    [...e.target.selectedOptions].map((o) => o.value);
  return (
    <form
      className="form panel"
      onSubmit={submit}
      noValidate
      data-testid="subscription-form"
      aria-labelledby="add-sub-title"
    >
      <h3 id="add-sub-title">{t('subscriptions.add')}</h3>
      <div className="row">
        <label>
          <span>{t('field.region')}</span>
          <select
            multiple
            size={6}
            data-testid="subscription-regions"
            value={regions}
            onChange={(e) => setRegions(selected(e))}
          >
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
          <select
            multiple
            size={6}
            data-testid="subscription-hazards"
            value={hazards}
            onChange={(e) => setHazards(selected(e))}
          >
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
            value={minSeverity}
            onChange={(e) => setMinSeverity(e.target.value)}
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
              <td>{r.eventType}</td>
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
