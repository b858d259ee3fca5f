import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  actionWord,
  actorText,
  auditChanges,
  AUDIT_SERVICES,
  cascadeText,
  chainReportText,
  changeText,
  fetchAuditPage,
  fetchChainReport,
  type AuditedObjectType,
  type AuditEntry,
  type AuditService,
} from '../audit';
import { isAdmin } from '../auth';
import { formatDateTime } from '../i18n';
import { useSession } from '../session';
import { ProblemAlert, useLanguage } from '../ui';

/**
 * An object's history from its service's audit trail, for administrators only (nobody else sees
 * the button, so nobody else calls the endpoint). Read when opened, newest first, a page at a time.
 */
export function HistoryPanel(props: { type: AuditedObjectType; id: string; label: string }) {
  const { identity } = useSession();
  return isAdmin(identity) ? <History {...props} /> : null;
}

function History({ type, id, label }: { type: AuditedObjectType; id: string; label: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const pages = useInfiniteQuery({
    queryKey: ['audit', id, type],
    enabled: open,
    queryFn: ({ pageParam }) => fetchAuditPage(type, id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="history" data-testid="history" data-object-type={type}>
      <button
        type="button"
        data-testid="history-toggle"
        aria-expanded={open}
        aria-controls={listId}
        aria-label={t('audit.historyOf', { what: label })}
        onClick={() => setOpen(!open)}
      >
        {t('audit.history')}
      </button>
      <div id={listId} hidden={!open}>
        {open ? (
          <>
            <ProblemAlert error={pages.error} />
            {pages.isLoading ? <p role="status">{t('app.loading')}</p> : null}
            {pages.isSuccess && entries.length === 0 ? (
              <p data-testid="history-empty">{t('audit.none')}</p>
            ) : null}
            <ol className="timeline" data-testid="history-list">
              {entries.map((e) => (
                <HistoryEntry key={e.id} entry={e} />
              ))}
            </ol>
            {pages.hasNextPage ? (
              <button
                type="button"
                data-testid="history-more"
                disabled={pages.isFetchingNextPage}
                onClick={() => void pages.fetchNextPage()}
              >
                {t('common.more')}
              </button>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}

function HistoryEntry({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const changes = auditChanges(entry.changes);
  const sealed = entry.chainSeq !== null;
  return (
    <li
      data-testid="history-entry"
      data-action={entry.action}
      data-sealed={sealed}
      data-cascade={!!entry.causationId}
    >
      <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, lang)}</time> ·{' '}
      <strong data-testid="history-action">{actionWord(t, entry.action)}</strong> ·{' '}
      <span data-testid="history-actor">{actorText(t, entry.actor)}</span>
      {entry.causationId ? (
        <>
          {' '}
          <span className="badge" data-testid="history-cascade" title={entry.causationId}>
            {cascadeText(t, entry)}
          </span>
        </>
      ) : null}
      {sealed ? null : (
        <>
          {' '}
          <span
            className="badge unsealed"
            data-testid="history-unsealed"
            title={t('audit.unsealedHint')}
          >
            {t('audit.unsealed')}
          </span>
        </>
      )}
      {changes.length > 0 ? (
        <ul className="changes" data-testid="history-changes">
          {changes.map((c) => (
            <li key={c.field}>{changeText(t, lang, entry.objectType, c)}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The administration's view of each service's hash chain (GET /admin/audit/verify). */
export function AuditChains() {
  const { t } = useTranslation();
  const client = useQueryClient();
  return (
    <section aria-labelledby="audit-chain-title" data-testid="audit-chain">
      <h2 id="audit-chain-title">{t('audit.chain')}</h2>
      <p className="muted">{t('audit.chainIntro')}</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('admin.service')}</th>
            <th scope="col">{t('field.status')}</th>
          </tr>
        </thead>
        <tbody>
          {AUDIT_SERVICES.map((s) => (
            <ChainRow key={s} service={s} />
          ))}
        </tbody>
      </table>
      <button
        type="button"
        data-testid="audit-chain-check"
        onClick={() => void client.invalidateQueries({ queryKey: ['audit-chain'] })}
      >
        {t('audit.check')}
      </button>
    </section>
  );
}

function ChainRow({ service }: { service: AuditService }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const report = useQuery({
    queryKey: ['audit-chain', service],
    queryFn: () => fetchChainReport(service),
  });
  return (
    <tr
      data-testid="audit-chain-row"
      data-service={service}
      data-ok={report.data ? report.data.ok : ''}
    >
      <td>{t(`admin.serviceName.${service}`)}</td>
      <td>
        <ProblemAlert error={report.error} />
        {report.isLoading ? <span aria-busy="true">{t('app.loading')}</span> : null}
        {report.data ? (
          <span className={report.data.ok ? '' : 'chain-broken'}>
            {chainReportText(t, lang, report.data)}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
