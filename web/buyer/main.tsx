/** The test procurement system (local stack only): fills in and sends an OCI call-up, like SAP would. */
import './buyer.css';
import { appRoot, readBoot } from '../shared/boot';
import type { BuyerBoot, BuyerConnection } from '../../functions/http/routes/buyer';
import { cxmlForm } from './cxml-form';
import { Choice, Field, OpenIn, openWhereChosen, Switch } from './fields';

const FRAME = 'punchout-frame';
const boot = readBoot<BuyerBoot>();

const PLACEHOLDER = `<body style="margin:0;display:grid;place-items:center;height:100vh;font:16px system-ui,sans-serif;color:#57606a">
<p>The catalog opens here after <strong>Punch out</strong>.</p></body>`;
const frame = (<iframe name={FRAME} title="Supplier catalog" class="punchout-frame" srcDoc={PLACEHOLDER} />) as HTMLIFrameElement;

/** The fieldsets that depend on the chosen connection: its login, its parameter names, its extra fields. */
const perConnection = (<div class="per-connection" />) as HTMLElement;
const chooser = (
  <select id="connection" name="connection" form="" aria-describedby="connection-note">
    {boot.connections.map((c) => (
      <option value={c.id} selected={c.id === boot.defaults.connectionId}>
        {c.name} ({c.id}, {c.active ? c.status : 'disabled'})
      </option>
    ))}
  </select>
) as HTMLSelectElement;

function connectionFields(c: BuyerConnection): HTMLElement[] {
  const first = c.logins[0];
  const password = (<Field name={c.params.password} label="Password" type="password" value={first?.demoPassword ?? ''} />) as HTMLElement;
  const username = (<Field name={c.params.username} label="User name" value={first?.username ?? ''} list="logins" />) as HTMLElement;
  const passwordInput = password.querySelector('input')!;
  // Choosing a demo login fills in its published password; any other login is typed.
  username.querySelector('input')!.addEventListener('change', (event) => {
    const login = c.logins.find((l) => l.username === (event.target as HTMLInputElement).value);
    passwordInput.value = login?.demoPassword ?? '';
  });
  const requester = [
    c.params.email ? <Field name={c.params.email} label="E-mail" type="email" value={boot.defaults.email} /> : null,
    c.params.fullName ? (
      <Field name={c.params.fullName} label="Full name" value={boot.defaults.fullName} />
    ) : (
      [
        c.params.firstName ? <Field name={c.params.firstName} label="First name" value={boot.defaults.fullName.split(' ')[0]} /> : null,
        c.params.lastName ? <Field name={c.params.lastName} label="Last name" value={boot.defaults.fullName.split(' ').slice(1).join(' ')} /> : null,
      ]
    ),
  ];
  const hooks = c.loopbackHooks ? 'a HOOK_URL on localhost or 127.0.0.1 (the default here)' : 'none on this machine: the default HOOK_URL below is refused, which shows the allowlist at work';
  return [
    <fieldset class="login">
      <legend>Connection login</legend>
      {username}
      <datalist id="logins">
        {c.logins.map((l) => (
          <option value={l.username}>{[l.label, l.deliveryAddress && `delivers to ${l.deliveryAddress}`, l.demoPassword && 'demo'].filter(Boolean).join(' · ')}</option>
        ))}
      </datalist>
      {password}
      <p class="hint" id="connection-note">
        Accepts {c.hookAllowlist.length ? c.hookAllowlist.map((h) => <code>{h}</code>) : 'no registered prefix'} and {hooks}.
        {c.active ? '' : ' This connection is disabled: every call-up is refused.'}
      </p>
    </fieldset>,
    <fieldset class="requester">
      <legend>Requester</legend>
      {requester}
      {c.extraFields.map((extra) => (
        <Field name={extra.param} label={`${extra.label} (at most ${extra.maxLength})`} required={extra.required} />
      ))}
    </fieldset>,
  ] as HTMLElement[];
}

function showConnection(): void {
  const chosenConnection = boot.connections.find((c) => c.id === chooser.value);
  perConnection.replaceChildren(...(chosenConnection ? connectionFields(chosenConnection) : [<p class="hint">No connections: create one in the console.</p>]));
}
chooser.addEventListener('change', showConnection);
showConnection();

const form = (
  <form class="callup" action={boot.callUpUrl} method="post" target={FRAME}>
    <fieldset>
      <legend>Connection</legend>
      <div class="field">
        <label htmlFor="connection">Buying organisation (not sent: it chooses the fields below)</label>
        {chooser}
      </div>
    </fieldset>
    {perConnection}
    <fieldset>
      <legend>Return of the cart</legend>
      <Field name="HOOK_URL" label="Hook URL" value={boot.hookUrl} hint="Where the catalog posts the cart back." />
      <Choice name="~TARGET" label="Target frame" options={['_top', '_parent', '_blank', '_self']} />
      <Choice name="http_content_charset" label="Charset" options={['utf-8', 'iso-8859-1']} />
      <Choice name="sap-language" label="Language" options={['EN', 'NL']} />
    </fieldset>
    <fieldset>
      <legend>Protocol</legend>
      <Field name="~OkCode" label="OK code" value="ADDI" />
      <Field name="~CALLER" label="Caller" value="CTLG" />
      <Field name="OCI_VERSION" label="OCI version" value="5.0" />
    </fieldset>
    <fieldset class="sending">
      <legend>Sending</legend>
      <Switch
        name="method"
        legend="Method"
        checked="POST"
        options={[
          { value: 'POST', label: 'POST (recommended)' },
          { value: 'GET', label: 'GET (puts the password in the URL)' },
        ]}
      />
      <OpenIn name="mode" />
      <button type="submit" class="button punch-out">
        Punch out
      </button>
    </fieldset>
  </form>
) as HTMLFormElement;

function chosen(name: string): string {
  return document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '';
}

// Read at submit time: the browser may restore the radios on "back" without a change event.
form.addEventListener('submit', () => {
  form.method = chosen('method') === 'GET' ? 'get' : 'post';
});
openWhereChosen(form, frame, 'mode');

// OCI or cXML: one form shown at a time; `?protocol=cxml` opens the page in cXML mode.
const cxml = cxmlForm(boot, frame);
const protocolSwitch = (
  <Switch
    name="protocol"
    legend="Protocol"
    checked={new URLSearchParams(location.search).get('protocol') === 'cxml' ? 'cxml' : 'oci'}
    options={[
      { value: 'oci', label: 'OCI (SAP SRM, Visma…)' },
      { value: 'cxml', label: 'cXML (Coupa, Ariba, Jaggaer…)' },
    ]}
  />
) as HTMLElement;
const showProtocol = () => {
  const isCxml = chosen('protocol') === 'cxml';
  form.hidden = isCxml;
  cxml.hidden = !isCxml;
};
protocolSwitch.addEventListener('change', showProtocol);

appRoot().replaceChildren(
  <header class="buyer-header">
    <div class="buyer-inner">
      <span class="tag">Local stack</span>
      <h1>Test procurement system</h1>
      <p>
        This page stands in for a buyer’s procurement system (SAP SRM, Coupa, Visma…). Fill in the OCI call-up and press <strong>Punch out</strong>:
        the catalog opens in the frame below or in a new window, as the requester would see it. When the requester transfers a vehicle, the
        cart comes back to the <code>HOOK_URL</code>, which shows it field by field with any OCI warnings (values too long, numbers in the
        wrong format, missing required fields).
      </p>
      <p>
        In <strong>cXML</strong> mode this page sends a <code>PunchOutSetupRequest</code> as Coupa or Ariba would, reads the
        <code>PunchOutOrderMessage</code> that comes back with any conformance warnings, can send the <code>OrderRequest</code> for it, and
        lists the <code>ConfirmationRequest</code>s the supplier sends when operations confirm or decline.
      </p>
    </div>
  </header>,
  <main class="buyer-inner">
    {protocolSwitch}
    {form}
    {cxml}
    <section class="frame-section" aria-labelledby="frame-title">
      <h2 id="frame-title">Catalog</h2>
      {frame}
    </section>
  </main>,
);
showProtocol();
