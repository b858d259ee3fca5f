import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, isStale, query } from '../api';
import { isMinistry } from '../auth';
import { formatDateTime, formatNumber } from '../i18n';
import { MODES, modeOf } from '../mode';
import { useSession } from '../session';
import type { Incident, IncidentPage, TimelineEntry } from '../types';
import {
  choices,
  Field,
  formBinding,
  ModeBadge,
  Notice,
  OtherErrors,
  ProblemAlert,
  SelectField,
  StaleNotice,
  TextAreaField,
  useFormRules,
  useLanguage,
} from '../ui';
import { compact } from '../validation';
import {
  CERTAINTY_CODES,
  HAZARD_CODES,
  INCIDENT_STATUS_CODES,
  REGION_CODES,
  SEVERITY_CODES,
  URGENCY_CODES,
  hazardName,
  incidentStatusName,
  regionName,
  severityName,
  urgencyName,
} from '../vocabulary';
import { HistoryPanel } from './audit-parts';
import { IncidentRequests } from './Requests';

export interface IncidentFilters {
  hazard: string;
  status: string;
  severity: string;
  region: string;
  reportedFrom: string;
  reportedTo: string;
}

export const NO_FILTERS: IncidentFilters = {
  hazard: '',
  status: '',
  severity: '',
  region: '',
  reportedFrom: '',
  reportedTo: '',
};

/** The query string of GET /incidents for these filters (dates as the start/end of the day). */
export function incidentQuery(f: IncidentFilters, cursor?: string, limit = 50): string {
  return query({
    hazard: f.hazard,
    status: f.status,
    severity: f.severity,
    region: f.region,
    reportedFrom: f.reportedFrom ? new Date(`${f.reportedFrom}T00:00:00`).toISOString() : '',
    reportedTo: f.reportedTo ? new Date(`${f.reportedTo}T23:59:59.999`).toISOString() : '',
    limit,
    cursor,
  });
}

export function IncidentFilterBar({
  filters,
  onChange,
  label,
}: {
  filters: IncidentFilters;
  onChange: (f: IncidentFilters) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const set = (k: keyof IncidentFilters) => (value: string) => onChange({ ...filters, [k]: value });
  const select = (
    k: keyof IncidentFilters,
    name: string,
    codes: readonly string[],
    word: (c: string) => string,
  ) => (
    <SelectField
      label={name}
      id={`filter-${k}`}
      data-testid={`filter-${k}`}
      value={filters[k]}
      onChange={(e) => set(k)(e.target.value)}
      blank={t('common.all')}
      options={choices(codes, word)}
    />
  );
  const date = (k: 'reportedFrom' | 'reportedTo', name: string) => (
    <Field
      label={name}
      id={`filter-${k}`}
      type="date"
      data-testid={`filter-${k}`}
      value={filters[k]}
      onChange={(e) => set(k)(e.target.value)}
    />
  );
  return (
    <fieldset className="filters" data-testid="incident-filters">
      <legend>{label}</legend>
      {select('hazard', t('field.hazard'), HAZARD_CODES, (c) => hazardName(c, lang))}
      {select('status', t('field.status'), INCIDENT_STATUS_CODES, (c) =>
        incidentStatusName(c, lang),
      )}
      {select('severity', t('field.severity'), SEVERITY_CODES, (c) => severityName(c, lang))}
      {select('region', t('field.region'), REGION_CODES, (c) => regionName(c, lang))}
      {date('reportedFrom', t('map.dateFrom'))}
      {date('reportedTo', t('map.dateTo'))}
    </fieldset>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  const lang = useLanguage();
  return (
    <span className={`badge sev-${severity}`} data-testid="severity" data-severity={severity}>
      {severityName(severity, lang)}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const lang = useLanguage();
  return (
    <span className={`badge st-${status}`} data-testid="status" data-status={status}>
      {incidentStatusName(status, lang)}
    </span>
  );
}

export function IncidentList() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { identity } = useSession();
  const [filters, setFilters] = useState<IncidentFilters>(NO_FILTERS);
  const pages = useInfiniteQuery({
    queryKey: ['incidents', 'list', filters],
    queryFn: async ({ pageParam }) =>
      (await api<IncidentPage>(`/api/incident/incidents${incidentQuery(filters, pageParam, 25)}`))
        .data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="incidents-title" data-testid="incidents-screen">
      <div className="screen-head">
        <h1 id="incidents-title">{t('incidents.title')}</h1>
        {isMinistry(identity) ? (
          <Link className="button primary" to="/incidents/new" data-testid="file-incident-link">
            {t('incidents.file')}
          </Link>
        ) : null}
      </div>
      <IncidentFilterBar filters={filters} onChange={setFilters} label={t('map.filters')} />
      <ProblemAlert error={pages.error} />
      <table className="data" data-testid="incident-list">
        <caption className="sr-only">{t('incidents.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('field.reference')}</th>
            <th scope="col">{t('field.title')}</th>
            <th scope="col">{t('field.hazard')}</th>
            <th scope="col">{t('field.region')}</th>
            <th scope="col">{t('field.severity')}</th>
            <th scope="col">{t('field.status')}</th>
            <th scope="col">{t('field.reportedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr
              key={i.id}
              data-testid="incident-row"
              data-reference={i.reference}
              data-id={i.id}
              data-mode={modeOf(i)}
            >
              <td>
                <Link to={`/incidents/${i.id}`}>{i.reference}</Link> <ModeBadge mode={i.mode} />
              </td>
              <td>{i.title}</td>
              <td>{hazardName(i.hazard, lang)}</td>
              <td>{regionName(i.region, lang)}</td>
              <td>
                <SeverityBadge severity={i.severity} />
              </td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td>{formatDateTime(i.reportedAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages.isLoading ? <p role="status">{t('app.loading')}</p> : null}
      {!pages.isLoading && items.length === 0 ? <p>{t('incidents.none')}</p> : null}
      {pages.hasNextPage ? (
        <button
          type="button"
          data-testid="incidents-more"
          disabled={pages.isFetchingNextPage}
          onClick={() => void pages.fetchNextPage()}
        >
          {t('common.more')}
        </button>
      ) : null}
    </section>
  );
}

interface FileForm {
  /** actual (the default), exercise or test: fixed once filed. */
  mode: string;
  title: string;
  description: string;
  hazard: string;
  region: string;
  district: string;
  settlement: string;
  severity: string;
  urgency: string;
  certainty: string;
  latitude: string;
  longitude: string;
  affected: string;
  evacuated: string;
}

const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));

/** The body of POST /incidents from the form (blank fields left out; no mode: actual). */
export function fileIncidentBody(
  f: Omit<FileForm, 'mode'> & { mode?: string },
): Record<string, unknown> {
  const latitude = num(f.latitude);
  const longitude = num(f.longitude);
  return compact({
    mode: f.mode,
    title: f.title.trim(),
    description: f.description.trim(),
    hazard: f.hazard,
    region: f.region,
    district: f.district.trim(),
    settlement: f.settlement.trim(),
    severity: f.severity,
    urgency: f.urgency,
    certainty: f.certainty,
    location:
      latitude !== undefined || longitude !== undefined ? { latitude, longitude } : undefined,
    figures: { affected: num(f.affected), evacuated: num(f.evacuated) },
  });
}

export function FileIncident() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const rules = useFormRules('incident', 'FileIncidentDto');
  const [form, setForm] = useState<FileForm>({
    mode: 'actual',
    title: '',
    description: '',
    hazard: 'FL',
    region: 'KZ-15',
    district: '',
    settlement: '',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    latitude: '',
    longitude: '',
    affected: '',
    evacuated: '',
  });
  const file = useMutation({
    mutationFn: async (body: unknown) =>
      (await api<Incident>('/api/incident/incidents', { method: 'POST', body })).data,
    onSuccess: (incident) => {
      void client.invalidateQueries({ queryKey: ['incidents'] });
      void navigate(`/incidents/${incident.id}`, { state: { filed: incident.reference } });
    },
  });
  const bind = formBinding(form, setForm, rules.errors);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = fileIncidentBody(form);
    if (rules.check(body)) file.mutate(body);
  };
  const text = (
    k: keyof FileForm,
    label: string,
    field: string,
    type = 'text',
    multiline = false,
  ) =>
    multiline ? (
      <TextAreaField
        label={label}
        id={`new-incident-${k}`}
        rows={3}
        data-testid={`incident-${k}`}
        {...bind(k, field)}
      />
    ) : (
      <Field
        label={label}
        id={`new-incident-${k}`}
        type={type}
        step={type === 'number' ? 'any' : undefined}
        data-testid={`incident-${k}`}
        {...bind(k, field)}
      />
    );
  const choose = (
    k: keyof FileForm,
    label: string,
    codes: readonly string[],
    word: (c: string) => string,
  ) => (
    <SelectField
      label={label}
      id={`new-incident-${k}`}
      data-testid={`incident-${k}`}
      {...bind(k, k)}
      options={choices(codes, word)}
    />
  );
  return (
    <section aria-labelledby="file-title" data-testid="file-incident-screen">
      <h1 id="file-title">{t('incidents.file')}</h1>
      <form className="form" onSubmit={submit} noValidate data-testid="file-incident-form">
        <div className="row">
          {choose('mode', t('mode.field'), MODES, (c) => t(`mode.name.${c}`))}
          <p className="muted small" id="new-incident-mode-note" data-testid="incident-mode-note">
            {t('mode.fixed')}
          </p>
        </div>
        {text('title', t('field.title'), 'title')}
        {text('description', t('field.description'), 'description', 'text', true)}
        <div className="row">
          {choose('hazard', t('field.hazard'), HAZARD_CODES, (c) => hazardName(c, lang))}
          {choose('region', t('field.region'), REGION_CODES, (c) => regionName(c, lang))}
        </div>
        <div className="row">
          {text('district', t('field.district'), 'district')}
          {text('settlement', t('field.settlement'), 'settlement')}
        </div>
        <div className="row">
          {choose('severity', t('field.severity'), SEVERITY_CODES, (c) => severityName(c, lang))}
          {choose('urgency', t('field.urgency'), URGENCY_CODES, (c) => urgencyName(c, lang))}
          {choose('certainty', t('field.certainty'), CERTAINTY_CODES, (c) => t(`certainty.${c}`))}
        </div>
        <div className="row">
          {text('latitude', t('field.latitude'), 'location.latitude', 'number')}
          {text('longitude', t('field.longitude'), 'location.longitude', 'number')}
        </div>
        <div className="row">
          {text('affected', t('figures.affected'), 'figures.affected', 'number')}
          {text('evacuated', t('figures.evacuated'), 'figures.evacuated', 'number')}
        </div>
        <OtherErrors
          errors={rules.errors}
          shown={[
            'mode',
            'title',
            'description',
            'hazard',
            'region',
            'district',
            'settlement',
            'severity',
            'urgency',
            'certainty',
            'location.latitude',
            'location.longitude',
            'figures.affected',
            'figures.evacuated',
          ]}
        />
        <ProblemAlert error={file.error} />
        <div className="actions">
          <button
            type="submit"
            className="primary"
            data-testid="file-incident-submit"
            disabled={file.isPending}
          >
            {t('common.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function useIncident(id: string) {
  return useQuery({
    queryKey: ['incident', id],
    queryFn: async () => {
      const answer = await api<Incident>(`/api/incident/incidents/${id}`);
      return { ...answer.data, version: answer.version ?? answer.data.version };
    },
  });
}

function Figures({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const keys = ['affected', 'evacuated', 'injured', 'dead', 'homesDamaged'] as const;
  return (
    <dl className="figures" data-testid="incident-figures">
      {keys.map((k) => (
        <div key={k}>
          <dt>{t(`figures.${k}`)}</dt>
          <dd data-testid={`figure-${k}`}>{formatNumber(incident.figures[k], lang)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function IncidentDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLanguage();
  const { identity } = useSession();
  const incident = useIncident(id);
  const filed = (useLocation().state as { filed?: string } | null)?.filed;
  const timeline = useQuery({
    queryKey: ['timeline', id],
    queryFn: async () =>
      (
        await api<{ items: TimelineEntry[] } | TimelineEntry[]>(
          `/api/incident/incidents/${id}/timeline?limit=100`,
        )
      ).data,
  });
  const entries = Array.isArray(timeline.data) ? timeline.data : (timeline.data?.items ?? []);
  const i = incident.data;
  if (incident.error) return <ProblemAlert error={incident.error} />;
  if (!i) return <p role="status">{t('app.loading')}</p>;
  const ministry = isMinistry(identity);
  const ended = i.status === 'closed' || i.status === 'cancelled';
  return (
    <article
      aria-labelledby="incident-title"
      data-testid="incident-detail"
      data-id={i.id}
      data-version={i.version}
      data-mode={modeOf(i)}
    >
      <p>
        <Link to="/incidents">{t('incidents.back')}</Link>
      </p>
      {filed ? <Notice>{t('incidents.filed', { reference: filed })}</Notice> : null}
      <div className="screen-head">
        <h1 id="incident-title">
          <span data-testid="incident-reference">{i.reference}</span> ·{' '}
          <span data-testid="incident-title">{i.title}</span>
        </h1>
        <ModeBadge mode={i.mode} />
        <a
          className="button"
          href={`/api/incident/incidents/${i.id}/cap`}
          data-testid="cap-link"
          target="_blank"
          rel="noreferrer"
        >
          {t('incidents.cap')}
        </a>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('mode.field')}</dt>
          <dd data-testid="incident-mode" data-mode={modeOf(i)}>
            {t(`mode.name.${modeOf(i)}`)}
          </dd>
        </div>
        <div>
          <dt>{t('field.hazard')}</dt>
          <dd data-testid="incident-hazard">{hazardName(i.hazard, lang)}</dd>
        </div>
        <div>
          <dt>{t('field.region')}</dt>
          <dd data-testid="incident-region">{regionName(i.region, lang)}</dd>
        </div>
        <div>
          <dt>{t('field.severity')}</dt>
          <dd>
            <SeverityBadge severity={i.severity} />
          </dd>
        </div>
        <div>
          <dt>{t('field.urgency')}</dt>
          <dd>{urgencyName(i.urgency, lang)}</dd>
        </div>
        <div>
          <dt>{t('field.status')}</dt>
          <dd data-testid="incident-status">
            <StatusBadge status={i.status} />
            {i.statusReason ? <span className="muted"> — {i.statusReason}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('field.occurredAt')}</dt>
          <dd>{formatDateTime(i.occurredAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('common.version', { version: i.version })}</dt>
          <dd>{formatDateTime(i.updatedAt, lang)}</dd>
        </div>
      </dl>
      {i.description ? <p className="description">{i.description}</p> : null}
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t('figures.title')}</h2>
        <Figures incident={i} />
      </section>
      {ministry && !ended ? <Lifecycle incident={i} /> : null}
      {ministry && !ended ? <SituationUpdateForm incident={i} /> : null}
      <IncidentRequests incident={i} />
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('incidents.timeline')}</h2>
        <ol className="timeline" data-testid="timeline">
          {entries.map((e) => (
            <li key={e.sequence} data-testid="timeline-entry" data-kind={e.kind}>
              <time dateTime={e.recordedAt}>{formatDateTime(e.recordedAt, lang)}</time>{' '}
              <strong>{t(`incidents.kind.${e.kind}`)}</strong> · <StatusBadge status={e.status} />{' '}
              <SeverityBadge severity={e.severity} />
              {e.kind === 'situation-update' ? <p>{e.text}</p> : null}
            </li>
          ))}
        </ol>
        <HistoryPanel type="incident" id={i.id} label={i.reference} />
      </section>
    </article>
  );
}

/** After a refused (412) edit: what the incident says now (refetched), not overwritten. */
function IncidentStaleNotice({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const now = useIncident(id);
  if (!now.data) return null;
  const i = now.data;
  return (
    <StaleNotice
      message={t('incidents.stale', { version: i.version })}
      facts={[
        [t('field.status'), incidentStatusName(i.status, lang)],
        [t('field.severity'), severityName(i.severity, lang)],
        [t('figures.affected'), formatNumber(i.figures.affected, lang)],
      ]}
    />
  );
}

const NEXT: Record<string, { status: string; label: string }[]> = {
  reported: [
    { status: 'active', label: 'incidents.activate' },
    { status: 'cancelled', label: 'incidents.cancelIncident' },
  ],
  active: [
    { status: 'contained', label: 'incidents.contain' },
    { status: 'cancelled', label: 'incidents.cancelIncident' },
  ],
  contained: [
    { status: 'active', label: 'incidents.activate' },
    { status: 'closed', label: 'incidents.closeIncident' },
  ],
};

function Lifecycle({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const rules = useFormRules('incident', 'ChangeStatusDto');
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: async (body: { status: string; reason?: string }) =>
      api<Incident>(`/api/incident/incidents/${incident.id}/status`, {
        method: 'POST',
        body,
        ifMatch: incident.version,
      }),
    onSuccess: () => {
      setReason('');
      void client.invalidateQueries({ queryKey: ['incident', incident.id] });
      void client.invalidateQueries({ queryKey: ['timeline', incident.id] });
      void client.invalidateQueries({ queryKey: ['incidents'] });
    },
    onError: (error) => {
      if (isStale(error)) void client.invalidateQueries({ queryKey: ['incident', incident.id] });
    },
  });
  const go = (status: string): void => {
    const body = compact({ status, reason: reason.trim() });
    if (status === 'cancelled' && !body.reason) {
      rules.check({ status, reason: '' });
      return;
    }
    if (rules.check(body)) change.mutate(body);
  };
  return (
    <section aria-labelledby="lifecycle-title" className="panel" data-testid="lifecycle">
      <h2 id="lifecycle-title">{t('incidents.lifecycle')}</h2>
      <Field
        label={t('common.reason')}
        id="status-reason"
        errors={rules.errors}
        field="reason"
        data-testid="status-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="actions">
        {(NEXT[incident.status] ?? []).map((n) => (
          <button
            key={n.status}
            type="button"
            data-testid={`status-${n.status}`}
            className={n.status === 'cancelled' ? 'danger' : ''}
            disabled={change.isPending}
            onClick={() => go(n.status)}
          >
            {t(n.label)}
          </button>
        ))}
      </div>
      {isStale(change.error) ? (
        <IncidentStaleNotice id={incident.id} />
      ) : (
        <ProblemAlert error={change.error} />
      )}
    </section>
  );
}

function SituationUpdateForm({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const rules = useFormRules('incident', 'SituationUpdateDto');
  const [text, setText] = useState('');
  const [figures, setFigures] = useState({
    affected: '',
    evacuated: '',
    injured: '',
    dead: '',
    homesDamaged: '',
  });
  const post = useMutation({
    mutationFn: async (body: unknown) =>
      api(`/api/incident/incidents/${incident.id}/situation-updates`, {
        method: 'POST',
        body,
        ifMatch: incident.version,
      }),
    onSuccess: () => {
      setText('');
      setFigures({ affected: '', evacuated: '', injured: '', dead: '', homesDamaged: '' });
      void client.invalidateQueries({ queryKey: ['incident', incident.id] });
      void client.invalidateQueries({ queryKey: ['timeline', incident.id] });
    },
    onError: (error) => {
      if (isStale(error)) void client.invalidateQueries({ queryKey: ['incident', incident.id] });
    },
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const body = compact({
      text: text.trim(),
      figures: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, num(v)])),
    });
    if (rules.check({ ...body, text: text.trim() })) post.mutate(body);
  };
  return (
    <section aria-labelledby="update-title" className="panel">
      <h2 id="update-title">{t('incidents.postUpdate')}</h2>
      <form className="form" onSubmit={submit} noValidate data-testid="situation-update-form">
        <TextAreaField
          label={t('field.text')}
          id="update-text"
          errors={rules.errors}
          field="text"
          rows={3}
          data-testid="update-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="row">
          {(Object.keys(figures) as (keyof typeof figures)[]).map((k) => (
            <Field
              key={k}
              label={t(`figures.${k}`)}
              id={`update-${k}`}
              errors={rules.errors}
              field={`figures.${k}`}
              type="number"
              min={0}
              data-testid={`update-${k}`}
              value={figures[k]}
              placeholder={String(incident.figures[k])}
              onChange={(e) => setFigures({ ...figures, [k]: e.target.value })}
            />
          ))}
        </div>
        <div className="actions">
          <button
            type="submit"
            className="primary"
            data-testid="update-submit"
            disabled={post.isPending}
          >
            {t('common.submit')}
          </button>
        </div>
        {isStale(post.error) ? (
          <IncidentStaleNotice id={incident.id} />
        ) : (
          <ProblemAlert error={post.error} />
        )}
      </form>
    </section>
  );
}
