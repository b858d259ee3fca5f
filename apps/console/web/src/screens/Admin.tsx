import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isStale, query } from '../api';
import { formatDateTime } from '../i18n';
import {
  changedByOthers,
  CONSUMERS,
  partnerBody,
  partnerFields,
  PARTNER_KINDS,
  PARTNER_ORIGINS,
  type Partner,
  topicKey,
  type PartnerFields,
} from '../admin';
import {
  choices,
  Field,
  formBinding,
  ProblemAlert,
  SelectField,
  StaleNotice,
  useFormRules,
  useLanguage,
} from '../ui';
import { AuditChains } from './audit-parts';

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

/** The form's field names in the user's words (for "changed: …"). */
const FIELD_LABELS: Record<keyof PartnerFields, string> = {
  code: 'admin.code',
  name: 'admin.name',
  kind: 'admin.kind',
  origin: 'admin.origin',
  contactEmail: 'admin.contactEmail',
  contactPhone: 'admin.contactPhone',
};

export function AdminScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="admin-title" data-testid="admin-screen">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <Partners />
      <DeadLetters />
      <AuditChains />
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
            <tr key={p.code} data-testid="partner-row" data-code={p.code} data-version={p.version}>
              <td data-testid="partner-code-cell">{p.code}</td>
              <td data-testid="partner-name-cell">{p.name}</td>
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

/**
 * Registers a partner, or (given `partner`) edits it with If-Match on the version the edit began
 * from. When someone else saved in between (412, or a newer version in the list), it shows what
 * the partner says now and waits: the user takes their version, or applies their own changes to
 * it (only the fields this user changed), never unseen.
 */
function PartnerForm({ partner, onDone }: { partner?: Partner; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const rules = useFormRules('offer', partner ? 'UpdatePartnerDto' : 'CreatePartnerDto');
  const [fields, setFields] = useState<PartnerFields>(partnerFields(partner));
  // The partner as it was when the edit began: its version goes as If-Match.
  const [basedOn, setBasedOn] = useState<Partner | undefined>(partner);
  const save = useMutation({
    mutationFn: async ({ body, version }: { body: unknown; version?: number }) =>
      partner
        ? api<Partner>(`/api/offer/partners/${encodeURIComponent(partner.code)}`, {
            method: 'PATCH',
            body,
            ifMatch: version,
          })
        : api<Partner>('/api/offer/partners', { method: 'POST', body }),
    onSuccess: () => {
      if (!partner) setFields(partnerFields(undefined));
      onDone();
    },
    // Fetch the partner as it is now before the refusal shows, so the notice shows new values.
    onError: async (error) => {
      if (isStale(error)) await client.invalidateQueries({ queryKey: ['partners'] });
    },
    onSettled: () => void client.invalidateQueries({ queryKey: ['partners'] }),
  });
  const stale =
    !!partner && !!basedOn && (isStale(save.error) || partner.version !== basedOn.version);
  const changed = stale && partner && basedOn ? changedByOthers(basedOn, partner) : [];
  const send = (version: number | undefined): void => {
    const body = partnerBody(fields, basedOn);
    if (rules.check(body)) save.mutate({ body, version });
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!stale) send(basedOn?.version);
  };
  const takeTheirs = (): void => {
    setFields(partnerFields(partner));
    setBasedOn(partner);
    save.reset();
  };
  const bind = formBinding(fields, setFields, rules.errors);
  const kindName = (k: string): string => t(`admin.kindName.${k}`, { defaultValue: k });
  const originName = (o: string): string => t(`requests.scope.${o}`, { defaultValue: o });
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
          <Field
            label={t('admin.code')}
            id="partner-code"
            data-testid="partner-code"
            {...bind('code', 'code')}
            onChange={(e) => setFields({ ...fields, code: e.target.value.toUpperCase() })}
          />
        )}
        <Field
          label={t('admin.name')}
          id="partner-name"
          data-testid="partner-name"
          {...bind('name', 'name')}
        />
        <SelectField
          label={t('admin.kind')}
          id="partner-kind"
          data-testid="partner-kind"
          {...bind('kind', 'kind')}
          blank={t('common.none')}
          options={choices(PARTNER_KINDS, kindName)}
        />
        <SelectField
          label={t('admin.origin')}
          id="partner-origin"
          data-testid="partner-origin"
          {...bind('origin', 'origin')}
          blank={t('common.none')}
          options={choices(PARTNER_ORIGINS, originName)}
        />
        <Field
          label={t('admin.contactEmail')}
          id="partner-email"
          type="email"
          data-testid="partner-email"
          {...bind('contactEmail', 'contactEmail')}
        />
        <Field
          label={t('admin.contactPhone')}
          id="partner-phone"
          type="tel"
          data-testid="partner-phone"
          {...bind('contactPhone', 'contactPhone')}
        />
      </div>
      {stale && partner && basedOn ? (
        <StaleNotice
          message={t('admin.stale', { version: partner.version })}
          facts={[
            [t('admin.name'), partner.name],
            [t('admin.kind'), kindName(partner.kind)],
            [t('admin.origin'), originName(partner.origin)],
            [t('admin.contactEmail'), partner.contactEmail ?? t('common.none')],
            [t('admin.contactPhone'), partner.contactPhone ?? t('common.none')],
          ]}
        >
          {changed.length > 0 ? (
            <p data-testid="stale-changed">
              {t('admin.changed', { fields: changed.map((k) => t(FIELD_LABELS[k])).join(', ') })}
            </p>
          ) : null}
          <div className="actions">
            <button type="button" data-testid="partner-take-theirs" onClick={takeTheirs}>
              {t('admin.takeTheirs')}
            </button>
            <button
              type="button"
              data-testid="partner-apply-mine"
              disabled={save.isPending}
              onClick={() => send(partner.version)}
            >
              {t('admin.applyMine', { version: partner.version })}
            </button>
          </div>
        </StaleNotice>
      ) : null}
      {isStale(save.error) ? null : <ProblemAlert error={save.error} />}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          data-testid="partner-submit"
          disabled={save.isPending || stale}
        >
          {partner ? t('admin.save') : t('admin.register')}
        </button>
        {partner ? (
          <button type="button" data-testid="partner-cancel" onClick={onDone}>
            {t('admin.cancelEdit')}
          </button>
        ) : null}
      </div>
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
  const topicName = (tp: string): string =>
    t(`admin.topicName.${topicKey(tp)}`, { defaultValue: tp });
  return (
    <section aria-labelledby="dlq-title" data-testid="dead-letters" data-status={letters.status}>
      <h2 id="dlq-title">{t('admin.deadLetters')}</h2>
      <div className="filters">
        <SelectField
          label={t('admin.service')}
          id="dlq-service"
          data-testid="dlq-service"
          value={service}
          onChange={(e) => {
            setService(e.target.value);
            setTopic(CONSUMERS[e.target.value]?.[0] ?? '');
          }}
          options={choices(Object.keys(CONSUMERS), (s) => t(`admin.serviceName.${s}`))}
        />
        <SelectField
          label={t('admin.topic')}
          id="dlq-topic"
          data-testid="dlq-topic"
          value={topic}
          onChange={(e) => setTopic(e.target.value)}
          options={choices(CONSUMERS[service] ?? [], topicName)}
        />
      </div>
      <ProblemAlert error={letters.error ?? replay.error} />
      {letters.data && letters.data.length === 0 ? <p>{t('common.empty')}</p> : null}
      <table className="data" data-testid="dead-letter-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.topic')}</th>
            <th scope="col">{t('admin.failedAt')}</th>
            <th scope="col">{t('admin.reason')}</th>
            <th scope="col">
              <span className="sr-only">{t('admin.replay')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {letters.data?.map((d) => (
            <tr
              key={`${d.topic}:${d.partition}:${d.offset}`}
              data-testid="dead-letter-row"
              data-reason={d.reason ?? ''}
            >
              <td>
                {topicName(topic)} ·{' '}
                {t('admin.position', { partition: d.partition, offset: d.offset })}
              </td>
              <td>{formatDateTime(d.timestamp, lang)}</td>
              <td>
                {d.reason
                  ? t(`admin.reasonName.${d.reason}`, { defaultValue: d.reason })
                  : t('admin.reasonName.unknown')}
                {d.error ? (
                  // The consumer's own error text, in the language it was thrown in.
                  <details>
                    <summary>{t('admin.error')}</summary>
                    <code lang="en">{d.error}</code>
                  </details>
                ) : null}
              </td>
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
