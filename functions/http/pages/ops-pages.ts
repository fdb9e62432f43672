import { type Html, html } from '../../mail/html';
import { layout } from './layout';

/** The console's server-rendered pages before sign-in (English: the console is for staff). */

function page(title: string, body: Html, nonce: string): string {
  return layout({ lang: 'en', title: `${title} · FlexFleet operations`, nonce, body: html`<main>${body}</main>` }).value;
}

export function signInPage(nonce: string, notice?: string): string {
  return page(
    'Sign in',
    html`<div class="notice ok"><h1>FlexFleet operations console</h1>
<p>Enter your work e-mail address. If it belongs to the operations staff, a sign-in link is e-mailed to it: it works once, within 15 minutes.</p>
${notice ? html`<p class="warn" role="alert">${notice}</p>` : ''}
<form method="post" action="/ops/sign-in">
<p><label for="email">Work e-mail address</label><br><input id="email" name="email" type="email" autocomplete="email" required size="40"></p>
<button type="submit">E-mail me a sign-in link</button>
</form></div>`,
    nonce,
  );
}

export function linkSentPage(nonce: string, mailboxUrl?: string): string {
  return page(
    'Check your mailbox',
    html`<div class="notice ok" id="link-sent"><h1>Check your mailbox</h1>
<p>If the address belongs to the operations staff, a sign-in link is on its way. It works once, within 15 minutes.</p>
${mailboxUrl ? html`<p>Local stack: the e-mail arrives in the local mailbox at <a href="${mailboxUrl}">${mailboxUrl}</a>.</p>` : ''}
<p><a href="/ops">Back</a></p></div>`,
    nonce,
  );
}

/**
 * The page the e-mailed link opens. The token travels in the URL fragment (never sent to a server,
 * so never logged) and is used only by pressing the button: mail scanners that follow links do not
 * spend it.
 */
export function welcomePage(nonce: string): string {
  return page(
    'Sign in',
    html`<div class="notice ok"><h1>Sign in to the operations console</h1>
<form method="post" action="/ops/welcome" id="welcome">
<input type="hidden" name="token" id="token" value="">
<p id="no-token" class="warn" hidden>This page needs the link from your sign-in e-mail, opened as it is.</p>
<button type="submit" id="sign-in">Sign in</button>
</form></div>
<script nonce="${nonce}">(function(){var t=new URLSearchParams(location.hash.slice(1)).get('token');
if(t){document.getElementById('token').value=t;history.replaceState(null,'',location.pathname);}
else{document.getElementById('no-token').hidden=false;document.getElementById('sign-in').disabled=true;}})();</script>`,
    nonce,
  );
}

export function linkInvalidPage(nonce: string): string {
  return page(
    'Link expired',
    html`<div class="notice" role="alert"><h1>This sign-in link cannot be used</h1>
<p>It has been used already or is more than 15 minutes old. Ask for a new one.</p>
<p><a href="/ops">Sign in again</a></p></div>`,
    nonce,
  );
}
