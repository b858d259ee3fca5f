import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api';
import { formatDateTime } from '../i18n';
import { ProblemAlert, useLanguage } from '../ui';

interface Partner {
  code: string;
  name: string;
  kind: string;
  origin: string;
  contactEmail: string | null;
  contactPhone: string | null;
  version: number;
}

interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  reason: string | null;
  error: string | null;
  originalTopic: string | null;
  consumerGroup: string | null;
}

/** Which service consumes which topics (dead letters are kept per consumer). */
const CONSUMERS: Record<string, string[]> = {
  request: ['incident.events', 'offer.events'],
  offer: ['request.events', 'incident.events'],
  notification: ['incident.events', 'request.events', 'offer.events'],
};

export function AdminScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="admin-title" data-testid="admin-screen">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <Partners />
      <DeadLetters />
    </section>
  );
}

function Partners() {
  const { t } = useTranslation();
  const partners = useQuery({
    queryKey: ['partners'],
    queryFn: async () => {
      const data = (await api<Partner[] | { items: Partner[] }>('/api/offer/partners')).data;
      return Array.isArray(data) ? data : data.items;
    },
  });
  return (
    <section aria-labelledby="partners-title">
      <h2 id="partners-title">{t('admin.partners')}</h2>
      <ProblemAlert error={partners.error} />
      <table className="data" data-testid="partners-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.code')}</th>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.kind')}</th>
            <th scope="col">{t('admin.origin')}</th>
            <th scope="col">{t('admin.contact')}</th>
          </tr>
        </thead>
        <tbody>
          {partners.data?.map((p) => (
            <tr key={p.code} data-testid="partner-row" data-code={p.code}>
              <td>{p.code}</td>
              <td>{p.name}</td>
              <td>{p.kind}</td>
              <td>{t(`requests.scope.${p.origin}`)}</td>
              <td>{[p.contactEmail, p.contactPhone].filter(Boolean).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function DeadLetters() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const [service, setService] = useState('notification');
  const [topic, setTopic] = useState('incident.events');
  const letters = useQuery({
    queryKey: ['dead-letters', service, topic],
    queryFn: async () =>
      (await api<DeadLetter[]>(`/api/${service}/admin/dead-letters${query({ topic, limit: 100 })}`))
        .data,
  });
  const replay = useMutation({
    mutationFn: async (d: DeadLetter) =>
      api(`/api/${service}/admin/dead-letters/replay`, {
        method: 'POST',
        body: { topic: d.topic, partition: d.partition, offset: d.offset },
      }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['dead-letters'] }),
  });
  const topics = CONSUMERS[service] ?? [];
  return (
    <section aria-labelledby="dlq-title" data-testid="dead-letters">
      <h2 id="dlq-title">{t('admin.deadLetters')}</h2>
      <div className="filters">
        <label>
          <span>{t('admin.service')}</span>
          <select
            data-testid="dlq-service"
            value={service}
            onChange={(e) => {
              setService(e.target.value);
              setTopic(CONSUMERS[e.target.value]?.[0] ?? '');
            }}
          >
            {Object.keys(CONSUMERS).map((s) => (
              <option key={s} value={s}>
                {s}-service
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.topic')}</span>
          <select data-testid="dlq-topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
            {topics.map((tp) => (
              <option key={tp} value={tp}>
                {tp}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ProblemAlert error={letters.error ?? replay.error} />
      {letters.data && letters.data.length === 0 ? <p>{t('common.empty')}</p> : null}
      <table className="data" data-testid="dead-letter-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.topic')}</th>
            <th scope="col">{t('field.reportedAt')}</th>
            <th scope="col">{t('admin.error')}</th>
            <th scope="col">
              <span className="sr-only">{t('admin.replay')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {letters.data?.map((d) => (
            <tr key={`${d.topic}:${d.partition}:${d.offset}`} data-testid="dead-letter-row">
              <td>
                {d.topic} {d.partition}:{d.offset}
              </td>
              <td>{formatDateTime(d.timestamp, lang)}</td>
              <td>{d.reason ?? d.error}</td>
              <td>
                <button
                  type="button"
                  data-testid="dead-letter-replay"
                  disabled={replay.isPending}
                  onClick={() => replay.mutate(d)}
                >
                  {t('admin.replay')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
