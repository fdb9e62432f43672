/** The operations console: queue, request detail, planning, unmatched orders, staff, connections, fleet; hash-routed, one page. */
import './ops.css';
import type { OpsBoot, OutboxView } from '../../functions/operations/api';
import { appRoot, readBoot } from '../shared/boot';
import { api, useCsrf } from './api';
import { connectionDetailView } from './connection-detail';
import { connectionFormView, editConnectionView } from './connection-form';
import { connectionsView } from './connections';
import { fleetView } from './fleet';
import { detailView } from './detail';
import { ordersView } from './orders';
import { planningView } from './planning';
import { whileVisible } from './poll';
import { queueView, type View } from './queue';
import { staffView } from './staff';

const boot = readBoot<OpsBoot>();
useCsrf(boot.csrf);

const outlet = (<main class="ops-main" />) as HTMLElement;
const problems = (<a class="mail-problems" href="#/queue" hidden />) as HTMLAnchorElement;
let view: View | undefined;

const go = (hash: string) => {
  location.hash = hash;
};

function route(): void {
  view?.dispose();
  document.body.dataset.ready = 'false';
  const [path, query] = (location.hash.slice(1) || '/queue').split('?');
  const params = new URLSearchParams(query ?? '');
  const request = /^\/requests\/(.+)$/.exec(path);
  const connection = /^\/connections\/([^/]+)(\/edit)?$/.exec(path);
  const admin = boot.staff.role === 'admin';
  if (request) view = detailView(boot, decodeURIComponent(request[1]), go);
  else if (admin && path === '/connections') view = connectionsView();
  else if (admin && path === '/connections/new') view = connectionFormView(boot, undefined, go);
  else if (admin && connection?.[2]) view = editConnectionView(boot, decodeURIComponent(connection[1]), go);
  else if (admin && connection) view = connectionDetailView(boot, decodeURIComponent(connection[1]), params);
  else if (admin && path === '/fleet') view = fleetView();
  else if (path === '/planning') view = planningView(boot, params, go);
  else if (path === '/orders') view = ordersView();
  else if (path === '/staff' && boot.staff.role === 'admin') view = staffView(boot);
  else view = queueView(boot, params, go);
  outlet.replaceChildren(view.element);
  for (const link of nav.querySelectorAll('a')) link.toggleAttribute('aria-current', path.startsWith(link.getAttribute('href')!.slice(1)));
}

/** E-mails that failed or may not have gone out, shown on every page until handled. */
async function checkMail(): Promise<void> {
  try {
    const { messages } = await api.get<{ messages: OutboxView[] }>('/outbox/problems');
    problems.hidden = messages.length === 0;
    const first = messages.find((m) => m.requestId);
    problems.href = first ? `#/requests/${encodeURIComponent(first.requestId!)}` : '#/queue';
    problems.textContent = `${messages.length} e-mail(s) not sent: open to retry`;
  } catch {
    // The next round tells.
  }
}

const signOut = (
  <button type="button" class="button secondary small">
    Sign out
  </button>
) as HTMLButtonElement;
signOut.addEventListener('click', async () => {
  await api.post('/sign-out').catch(() => undefined);
  location.assign('/ops');
});

const nav = (
  <nav class="ops-nav" aria-label="Console">
    <a href="#/queue">Queue</a>
    <a href="#/planning">Planning</a>
    <a href="#/orders">Orders</a>
    {boot.staff.role === 'admin' ? [<a href="#/connections">Connections</a>, <a href="#/fleet">Fleet</a>, <a href="#/staff">Staff</a>] : ''}
  </nav>
) as HTMLElement;

appRoot().replaceChildren(
  <header class="ops-header">
    <span class="brand">FlexFleet operations</span>
    {nav}
    {problems}
    <span class="who">
      {boot.staff.name} · {boot.staff.role}
    </span>
    {boot.mailboxUrl ? (
      <a class="muted" href={`${boot.mailboxUrl}/`} target="_blank" rel="noopener">
        Local mailbox
      </a>
    ) : (
      ''
    )}
    {signOut}
  </header>,
  outlet,
);

window.addEventListener('hashchange', route);
route();
void checkMail();
whileVisible(() => void checkMail(), 15_000);
