import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api';
import { formatDateTime } from '../i18n';
import { FieldMessage, ProblemAlert, useFormRules, useLanguage } from '../ui';
import { compact } from '../validation';

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

/** The partner-offer service's partner kinds and origins (its DTO's enums). */
const PARTNER_KINDS = [
  'government',
  'un-agency',
  'red-cross-red-crescent',
  'ngo',
  'financial-institution',
  'donor',
  'private-sector',
  'other',
] as const;
const PARTNER_ORIGINS = ['domestic', 'international'] as const;

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
  const [editing, setEditing] = useState<string | null>(null);
  const partners = useQuery({
    queryKey: ['partners'],
    queryFn: async () => {
      const data = (await api<Partner[] | { items: Partner[] }>('/api/offer/partners')).data;
      return Array.isArray(data) ? data : data.items;
    },
  });
  const current = editing ? partners.data?.find((p) => p.code === editing) : undefined;
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
            <th scope="col">{t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {partners.data?.map((p) => (
            <tr key={p.code} data-testid="partner-row" data-code={p.code}>
              <td>{p.code}</td>
              <td>{p.name}</td>
              <td>{t(`admin.kindName.${p.kind}`, { defaultValue: p.kind })}</td>
              <td>{t(`requests.scope.${p.origin}`)}</td>
              <td>{[p.contactEmail, p.contactPhone].filter(Boolean).join(', ')}</td>
              <td>
                <button
                  type="button"
                  data-testid="partner-edit"
                  aria-label={t('admin.editPartner', { code: p.code })}
                  onClick={() => setEditing(p.code)}
                >
                  {t('admin.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {current ? (
        <PartnerForm key={current.code} partner={current} onDone={() => setEditing(null)} />
      ) : (
        <PartnerForm key="new" onDone={() => undefined} />
      )}
    </section>
  );
}

/** Registers a partner, or (given `partner`) edits it with If-Match on the version shown. */
function PartnerForm({ partner, onDone }: { partner?: Partner; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const rules = useFormRules('offer', partner ? 'UpdatePartnerDto' : 'CreatePartnerDto');
  const [code, setCode] = useState(partner?.code ?? '');
  const [name, setName] = useState(partner?.name ?? '');
  const [kind, setKind] = useState(partner?.kind ?? '');
  const [origin, setOrigin] = useState(partner?.origin ?? '');
  const [contactEmail, setContactEmail] = useState(partner?.contactEmail ?? '');
  const [contactPhone, setContactPhone] = useState(partner?.contactPhone ?? '');
  const save = useMutation({
    mutationFn: async (body: unknown) =>
      partner
        ? api<Partner>(`/api/offer/partners/${encodeURIComponent(partner.code)}`, {
            method: 'PATCH',
            body,
            ifMatch: partner.version,
          })
        : api<Partner>('/api/offer/partners', { method: 'POST', body }),
    onSuccess: () => {
      if (!partner) {
        setCode('');
        setName('');
        setKind('');
        setOrigin('');
        setContactEmail('');
        setContactPhone('');
      }
      onDone();
    },
    onSettled: () => void client.invalidateQueries({ queryKey: ['partners'] }),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = partner
      ? {
          ...compact({ name, kind, origin }),
          contactEmail: contactEmail || null,
          contactPhone: contactPhone || null,
        }
      : compact({ code, name, kind, origin, contactEmail, contactPhone });
    if (rules.check(body)) save.mutate(body);
  };
  const title = partner ? t('admin.editPartner', { code: partner.code }) : t('admin.newPartner');
  return (
    <form
      className="form panel"
      onSubmit={submit}
      noValidate
      data-testid="partner-form"
      aria-labelledby="partner-form-title"
    >
      <h3 id="partner-form-title">{title}</h3>
      <div className="row">
        {partner ? null : (
          <label>
            <span>{t('admin.code')}</span>
            <input
              data-testid="partner-code"
              value={code}
              onChange={(e) => setCode(e.target.value.toUpperCase())}
              aria-describedby="err-partner-code"
            />
            <FieldMessage errors={rules.errors} field="code" id="err-partner-code" />
          </label>
        )}
        <label>
          <span>{t('admin.name')}</span>
          <input
            data-testid="partner-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-describedby="err-partner-name"
          />
          <FieldMessage errors={rules.errors} field="name" id="err-partner-name" />
        </label>
        <label>
          <span>{t('admin.kind')}</span>
          <select
            data-testid="partner-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            aria-describedby="err-partner-kind"
          >
            <option value="">{t('common.none')}</option>
            {PARTNER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.kindName.${k}`)}
              </option>
            ))}
          </select>
          <FieldMessage errors={rules.errors} field="kind" id="err-partner-kind" />
        </label>
        <label>
          <span>{t('admin.origin')}</span>
          <select
            data-testid="partner-origin"
            value={origin}
            onChange={(e) => setOrigin(e.target.value)}
            aria-describedby="err-partner-origin"
          >
            <option value="">{t('common.none')}</option>
            {PARTNER_ORIGINS.map((o) => (
              <option key={o} value={o}>
                {t(`requests.scope.${o}`)}
              </option>
            ))}
          </select>
          <FieldMessage errors={rules.errors} field="origin" id="err-partner-origin" />
        </label>
        <label>
          <span>{t('admin.contactEmail')}</span>
          <input
            type="email"
            data-testid="partner-email"
            value={contactEmail}
            onChange={(e) => setContactEmail(e.target.value)}
            aria-describedby="err-partner-email"
          />
          <FieldMessage errors={rules.errors} field="contactEmail" id="err-partner-email" />
        </label>
        <label>
          <span>{t('admin.contactPhone')}</span>
          <input
            type="tel"
            data-testid="partner-phone"
            value={contactPhone}
            onChange={(e) => setContactPhone(e.target.value)}
            aria-describedby="err-partner-phone"
          />
          <FieldMessage errors={rules.errors} field="contactPhone" id="err-partner-phone" />
        </label>
      </div>
      <ProblemAlert error={save.error} />
      <button
        type="submit"
        className="primary"
        data-testid="partner-submit"
        disabled={save.isPending}
      >
        {partner ? t('admin.save') : t('admin.register')}
      </button>
      {partner ? (
        <button type="button" data-testid="partner-cancel" onClick={onDone}>
          {t('admin.cancelEdit')}
        </button>
      ) : null}
    </form>
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
