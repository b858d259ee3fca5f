import { DEV_ACCOUNTS } from './dev-accounts';

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}ul{list-style:none;padding:0}li{margin:.4rem 0}
button{font:inherit;padding:.5rem .8rem;cursor:pointer}.account{width:100%;text-align:left}
label{display:block;margin:.6rem 0 .2rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
.error{color:#a40000}:focus-visible{outline:3px solid #1a56db;outline-offset:2px}`;

/** The development login page: a button per account, and a username + password form. */
export function loginPage(uid: string, error?: string): string {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const accounts = DEV_ACCOUNTS.map((a) => {
    const who = `${a.name}, ${a.description}`;
    return `<li><form method="post" action="${action}">
<input type="hidden" name="login" value="${escape(a.username)}">
<input type="hidden" name="password" value="relief">
<button class="account" type="submit" aria-label="Sign in as ${escape(a.username)} — ${escape(who)}"><strong>${escape(a.username)}</strong> — ${escape(who)} (${escape(a.roles.join(', '))}${a.org ? `, ${escape(a.org)}` : ''})</button>
</form></li>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — Relief platform (development)</title><style>${STYLE}</style></head>
<body><main>
<h1>Sign in to the Relief platform</h1>
<p>Development identity provider. Choose an account, or type a username; every password is <code>relief</code>.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<h2>Development accounts</h2>
<ul>${accounts}</ul>
<h2>Username and password</h2>
<form method="post" action="${action}">
<label for="login">Username</label><input id="login" name="login" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p>
</form>
</main></body></html>`;
}

/** The sign-out page oidc-provider asks for: its form, submitted at once (a button without script). */
export function logoutPage(form: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing out — Relief platform</title><style>${STYLE}</style></head>
<body><main><h1>Signing out</h1>${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></p>
<script>document.getElementById('op.logoutForm').insertAdjacentHTML('beforeend','<input type="hidden" name="logout" value="yes">');document.getElementById('op.logoutForm').submit();</script>
</main></body></html>`;
}
