import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { formatDate } from '../i18n';
import {
  citationText,
  contentsText,
  diffLines,
  parseContents,
  type KitDiff,
  type KitVersion,
} from '../kit-versions';
import {
  choices,
  Field,
  Notice,
  ProblemAlert,
  SelectField,
  TextAreaField,
  useLanguage,
} from '../ui';
import { compact } from '../validation';
import { REGION_CODES, regionName, unitName } from '../vocabulary';

/**
 * A kit's compositions (GET /catalogue/items/:code/versions), the difference between two of
 * them, why each was published; operators and admins may publish the next one. Folded until asked.
 */
export function KitVersionsPanel({
  itemCode,
  label,
  requested,
  canPublish,
}: {
  itemCode: string | null;
  label: string;
  /** The version the request names, when it names one. */
  requested?: number | null;
  canPublish: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!itemCode) return null;
  return (
    <div className="kit-versions" data-testid="kit-versions" data-item={itemCode}>
      <button
        type="button"
        aria-expanded={open}
        data-testid="kit-versions-toggle"
        onClick={() => setOpen(!open)}
      >
        {t('kits.toggle', { item: label })}
      </button>
      {requested ? (
        <span className="badge" data-testid="kit-requested-version">
          {t('kits.requested', { version: t('kits.version', { version: requested }) })}
        </span>
      ) : null}
      {open ? <KitVersionsBody itemCode={itemCode} label={label} canPublish={canPublish} /> : null}
    </div>
  );
}

function KitVersionsBody({
  itemCode,
  label,
  canPublish,
}: {
  itemCode: string;
  label: string;
  canPublish: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const versions = useQuery({
    queryKey: ['kit-versions', itemCode],
    queryFn: async () =>
      (await api<KitVersion[]>(`/api/request/catalogue/items/${itemCode}/versions`)).data,
  });
  const list = versions.data ?? [];
  const latest = list[list.length - 1];
  const [pair, setPair] = useState<{ from: string; to: string } | null>(null);
  const from = pair?.from ?? String(list.length > 1 ? list[list.length - 2]?.version : '');
  const to = pair?.to ?? String(latest?.version ?? '');
  const options = list.map((v) => ({
    value: String(v.version),
    label: t('kits.version', { version: v.version }),
  }));
  return (
    <section aria-label={t('kits.versions', { item: label })} data-testid="kit-versions-body">
      <ProblemAlert error={versions.error} />
      {versions.data && list.length === 0 ? (
        <p data-testid="kit-versions-none">{t('kits.none')}</p>
      ) : null}
      <ol className="kit-version-list" data-testid="kit-version-list">
        {list.map((v) => (
          <li key={v.version} data-testid="kit-version" data-version={v.version}>
            <strong>{t('kits.version', { version: v.version })}</strong>{' '}
            <span className="muted">
              {t('kits.publishedBy', { date: formatDate(v.publishedAt, lang), by: v.publishedBy })}
            </span>
            {citationText(v, t, lang) ? (
              <p data-testid="kit-citation">{citationText(v, t, lang)}</p>
            ) : null}
            <p className="small">
              {t('kits.contents')}:{' '}
              {v.contents
                .map((e) => `${e.name} ${e.quantity} ${unitName(e.unit, lang)}`)
                .join(', ')}
            </p>
          </li>
        ))}
      </ol>
      {list.length > 1 ? (
        <div className="form inline" data-testid="kit-compare">
          <SelectField
            label={t('kits.from')}
            id={`kit-from-${itemCode}`}
            options={options}
            value={from}
            data-testid="kit-diff-from"
            onChange={(e) => setPair({ from: e.target.value, to })}
          />
          <SelectField
            label={t('kits.to')}
            id={`kit-to-${itemCode}`}
            options={options}
            value={to}
            data-testid="kit-diff-to"
            onChange={(e) => setPair({ from, to: e.target.value })}
          />
        </div>
      ) : null}
      {list.length > 1 && from && to ? (
        <KitDiffView itemCode={itemCode} from={from} to={to} />
      ) : null}
      {canPublish ? <PublishKitVersion itemCode={itemCode} latest={latest} /> : null}
    </section>
  );
}

function KitDiffView({ itemCode, from, to }: { itemCode: string; from: string; to: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const diff = useQuery({
    queryKey: ['kit-versions', itemCode, 'diff', from, to],
    queryFn: async () =>
      (await api<KitDiff>(`/api/request/catalogue/items/${itemCode}/versions/${from}/diff/${to}`))
        .data,
  });
  const lines = diff.data ? diffLines(diff.data, t, lang) : [];
  return (
    <div data-testid="kit-diff" data-from={from} data-to={to}>
      <h4>
        {t('kits.diff', {
          from: t('kits.version', { version: from }),
          to: t('kits.version', { version: to }),
        })}
      </h4>
      <ProblemAlert error={diff.error} />
      {diff.data && lines.length === 0 ? <p>{t('kits.noChange')}</p> : null}
      <ul>
        {lines.map((line, i) => (
          <li
            key={i}
            className={`diff-${line.kind}`}
            data-testid="kit-diff-line"
            data-kind={line.kind}
          >
            {line.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

function PublishKitVersion({ itemCode, latest }: { itemCode: string; latest?: KitVersion }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const [form, setForm] = useState({
    contents: latest ? contentsText(latest.contents) : '',
    note: '',
    feedbackCount: '',
    regionCode: '',
    summary: '',
  });
  const [badLine, setBadLine] = useState<number | null>(null);
  const publish = useMutation({
    mutationFn: async (body: unknown) =>
      api<KitVersion>(`/api/request/catalogue/items/${itemCode}/versions`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['kit-versions', itemCode] }),
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = parseContents(form.contents);
    setBadLine(parsed.badLine);
    if (parsed.badLine !== null) return;
    const citation =
      form.summary.trim() || form.feedbackCount
        ? compact({
            feedbackCount: Number(form.feedbackCount || 0),
            regionCode: form.regionCode,
            summary: form.summary.trim(),
          })
        : undefined;
    publish.mutate(compact({ contents: parsed.contents, note: form.note.trim(), citation }));
  };
  const set = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="kit-publish-form">
      <h4>{t('kits.publish')}</h4>
      <TextAreaField
        label={t('kits.contents')}
        id={`kit-contents-${itemCode}`}
        rows={5}
        aria-describedby={`kit-help-${itemCode}`}
        data-testid="kit-contents"
        {...set('contents')}
      />
      <p className="muted small" id={`kit-help-${itemCode}`}>
        {t('kits.contentsHelp')}
      </p>
      {badLine !== null ? (
        <p role="alert" className="field-error" data-testid="kit-bad-line">
          {t('kits.badLine', { line: badLine })}
        </p>
      ) : null}
      <Field
        label={t('kits.note')}
        id={`kit-note-${itemCode}`}
        data-testid="kit-note"
        {...set('note')}
      />
      <Field
        label={t('kits.feedbackCount')}
        id={`kit-count-${itemCode}`}
        type="number"
        min={0}
        data-testid="kit-feedback-count"
        {...set('feedbackCount')}
      />
      <SelectField
        label={t('kits.citationRegion')}
        id={`kit-region-${itemCode}`}
        blank={t('feedback.notGiven')}
        options={choices(REGION_CODES, (c) => regionName(c, lang))}
        data-testid="kit-citation-region"
        {...set('regionCode')}
      />
      <Field
        label={t('kits.citationSummary')}
        id={`kit-summary-${itemCode}`}
        data-testid="kit-citation-summary"
        {...set('summary')}
      />
      <button
        type="submit"
        className="primary"
        data-testid="kit-publish-submit"
        disabled={publish.isPending}
      >
        {t('kits.publish')}
      </button>
      <ProblemAlert error={publish.error} />
      {publish.data ? (
        <Notice>{t('kits.published', { version: publish.data.data.version })}</Notice>
      ) : null}
    </form>
  );
}
