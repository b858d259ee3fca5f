import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { accessToken } from './api';
import { isAdmin, isAgency, isMinistry } from './auth';
import { rememberedLanguage, rememberLanguage } from './i18n';
import { followEvents } from './live';
import { AdminScreen } from './screens/Admin';
import { AgencyBoard } from './screens/AgencyBoard';
import { FeedbackScreen, PublicFeedback } from './screens/Feedback';
import { FileIncident, IncidentDetail, IncidentList } from './screens/Incidents';
import { MapScreen } from './screens/MapScreen';
import { OffersInbox } from './screens/OffersInbox';
import { StockScreen } from './screens/Stock';
import { SubscriptionsScreen } from './screens/Subscriptions';
import { useSession } from './session';
import { LANGUAGES, type Language } from './vocabulary';
import { useLanguage } from './ui';

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { identity } = useSession();
  const lang = useLanguage();
  const choose = (next: Language): void => {
    rememberLanguage(next, identity?.sub);
    document.documentElement.lang = next;
    void i18n.changeLanguage(next);
  };
  return (
    <label className="language">
      <span>{t('app.language')}</span>
      <select
        data-testid="language-switch"
        value={lang}
        onChange={(e) => choose(e.target.value as Language)}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`languageName.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Account() {
  const { t } = useTranslation();
  const { identity, signIn, signOut, ready } = useSession();
  if (!ready) return null;
  if (!identity) {
    return (
      <button type="button" className="primary" data-testid="sign-in" onClick={() => void signIn()}>
        {t('auth.signIn')}
      </button>
    );
  }
  return (
    <div className="account" data-testid="account">
      <span data-testid="signed-in-as">{t('auth.signedInAs', { name: identity.name })}</span>
      <span className="muted" data-testid="signed-in-roles">
        {t('auth.roles', {
          roles: identity.roles.map((r) => t(`auth.role.${r}`)).join(', '),
        })}
        {identity.org ? ` · ${t('auth.organisation', { org: identity.org })}` : ''}
      </span>
      <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
        {t('auth.signOut')}
      </button>
    </div>
  );
}

function Callback() {
  const { t } = useTranslation();
  const { completeSignIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeSignIn()
      .then((back) => navigate(back, { replace: true }))
      .catch((e: unknown) => setError(String(e)));
  }, [completeSignIn, navigate]);
  return error ? (
    <p role="alert" className="alert alert-error">
      {t('auth.failed', { reason: error })}
    </p>
  ) : (
    <p role="status">{t('auth.completing')}</p>
  );
}

function Welcome() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  return (
    <section className="welcome" data-testid="welcome">
      <h1>{t('app.title')}</h1>
      <p>{t('auth.welcome')}</p>
      <button type="button" className="primary" onClick={() => void signIn()}>
        {t('auth.signIn')}
      </button>
      <p>
        <Link to="/feedback" data-testid="public-feedback-link">
          {t('auth.feedbackLink')}
        </Link>
      </p>
    </section>
  );
}

/** Follows the platform's events while signed in; each one refreshes the queries it touches. */
function useLiveUpdates(enabled: boolean): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    return followEvents(accessToken, client, setConnected);
  }, [enabled, client]);
  return enabled && connected;
}

export function App() {
  const { t, i18n } = useTranslation();
  const { identity, ready } = useSession();
  const live = useLiveUpdates(!!identity);
  const sub = identity?.sub;
  useEffect(() => {
    // The language this user chose last on this browser.
    if (!sub) return;
    const remembered = rememberedLanguage(sub);
    if (remembered !== i18n.language) void i18n.changeLanguage(remembered);
  }, [sub, i18n]);

  const { pathname } = useLocation();
  const isCallback = pathname.startsWith('/auth/callback');
  // The public feedback form: no sign-in, for anyone (signed in or not).
  const isPublic = pathname === '/feedback';
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <strong>{t('app.title')}</strong>
          <span className="muted">{t('app.subtitle')}</span>
        </div>
        <div className="top-tools">
          {identity ? (
            <span
              className={live ? 'live on' : 'live off'}
              data-testid="live-status"
              data-connected={live}
              role="status"
            >
              {live ? t('app.live') : t('app.offline')}
            </span>
          ) : null}
          <LanguageSwitch />
          <Account />
        </div>
      </header>
      {identity ? (
        <nav aria-label={t('nav.main')} className="main-nav">
          <NavLink to="/" end data-testid="nav-map">
            {t('nav.map')}
          </NavLink>
          <NavLink to="/incidents" data-testid="nav-incidents">
            {t('nav.incidents')}
          </NavLink>
          {isAgency(identity) ? (
            <NavLink to="/board" data-testid="nav-board">
              {t('nav.board')}
            </NavLink>
          ) : null}
          {isMinistry(identity) ? (
            <NavLink to="/inbox" data-testid="nav-inbox">
              {t('nav.inbox')}
            </NavLink>
          ) : null}
          {isMinistry(identity) || isAgency(identity) ? (
            <>
              <NavLink to="/feedback/inbox" data-testid="nav-feedback">
                {t('nav.feedback')}
              </NavLink>
              <NavLink to="/stock" data-testid="nav-stock">
                {t('nav.stock')}
              </NavLink>
            </>
          ) : null}
          <NavLink to="/subscriptions" data-testid="nav-subscriptions">
            {t('nav.subscriptions')}
          </NavLink>
          {isAdmin(identity) ? (
            <NavLink to="/admin" data-testid="nav-admin">
              {t('nav.admin')}
            </NavLink>
          ) : null}
        </nav>
      ) : null}
      <main id="main" tabIndex={-1}>
        {isCallback ? (
          <Callback />
        ) : isPublic ? (
          <PublicFeedback />
        ) : !ready ? (
          <p role="status">{t('app.loading')}</p>
        ) : !identity ? (
          <Welcome />
        ) : (
          <Routes>
            <Route path="/" element={<MapScreen />} />
            <Route path="/incidents" element={<IncidentList />} />
            <Route path="/incidents/new" element={<FileIncident />} />
            <Route path="/incidents/:id" element={<IncidentDetail />} />
            <Route path="/board" element={<AgencyBoard />} />
            <Route path="/inbox" element={<OffersInbox />} />
            <Route path="/feedback/inbox" element={<FeedbackScreen />} />
            <Route path="/stock" element={<StockScreen />} />
            <Route path="/subscriptions" element={<SubscriptionsScreen />} />
            <Route path="/admin" element={<AdminScreen />} />
            <Route path="*" element={<MapScreen />} />
          </Routes>
        )}
      </main>
    </>
  );
}
