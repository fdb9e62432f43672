/** The test procurement system's cXML mode: a PunchOutSetupRequest filled in here, sent by the page's server. */
import type { BuyerBoot, BuyerConnection } from '../../functions/http/routes/buyer';
import { Choice, Field, OpenIn, openWhereChosen } from './fields';

const ID = 'cxml';

/** The fieldsets of the chosen connection: its credential and secret, the requester, where it delivers. */
function connectionFields(boot: BuyerBoot, c: BuyerConnection): HTMLElement[] {
  const cxml = c.cxml!;
  const [first, ...rest] = boot.defaults.fullName.split(' ');
  return [
    <fieldset>
      <legend>Sender credential</legend>
      <Field idPrefix={ID} name="domain" shown="Credential domain" label="Domain" value={cxml.domain} />
      <Field idPrefix={ID} name="identity" shown="Identity" label="Identity" value={cxml.identity} />
      <Field
        idPrefix={ID}
        name="secret"
        shown="SharedSecret"
        label="Shared secret"
        type="password"
        value={cxml.demoSecret ?? ''}
        hint={cxml.demoSecret ? 'The demo secret the README publishes.' : cxml.secretSet ? 'Generated in the console and shown there once: paste it here.' : 'None set: generate one in the console (Connections → cXML).'}
      />
    </fieldset>,
    <fieldset>
      <legend>Requester</legend>
      <Field idPrefix={ID} name="email" shown={`Contact/Email, Extrinsic ${cxml.extrinsics.email}`} label="E-mail" type="email" value={boot.defaults.email} />
      <Field idPrefix={ID} name="firstName" shown={`Extrinsic ${cxml.extrinsics.firstName}`} label="First name" value={first ?? ''} />
      <Field idPrefix={ID} name="lastName" shown={`Extrinsic ${cxml.extrinsics.lastName}`} label="Last name" value={rest.join(' ')} />
      {c.extraFields.map((extra) => (
        <Field idPrefix={ID} name={`extrinsic:${extra.param}`} shown={`Extrinsic ${extra.param}`} label={`${extra.label} (at most ${extra.maxLength})`} required={extra.required} />
      ))}
      <div class="field">
        <label htmlFor="cxml-shipTo">
          Deliver to <code>ShipTo/Address addressID</code>
        </label>
        <select id="cxml-shipTo" name="shipTo">
          <option value="">(none)</option>
          {cxml.deliveryAddresses.map((a, i) => (
            <option value={a.locationCode} selected={i === 0}>
              {a.label} ({a.locationCode})
            </option>
          ))}
        </select>
      </div>
    </fieldset>,
  ] as HTMLElement[];
}

/** The cXML set-up form; it opens the catalog in `frame` or a new window, as chosen. */
export function cxmlForm(boot: BuyerBoot, frame: HTMLIFrameElement): HTMLFormElement {
  const cxmlConnections = boot.connections.filter((c) => c.cxml);
  const perConnection = (<div class="per-connection" />) as HTMLElement;
  const chooser = (
    <select id="cxml-connection" name="connection">
      {cxmlConnections.map((c) => (
        <option value={c.id} selected={c.id === boot.defaults.connectionId}>
          {c.name} ({c.id}, {c.active ? c.status : 'disabled'})
        </option>
      ))}
    </select>
  ) as HTMLSelectElement;
  const show = () => {
    const chosen = cxmlConnections.find((c) => c.id === chooser.value);
    perConnection.replaceChildren(...(chosen ? connectionFields(boot, chosen) : [<p class="hint">No connection has a cXML credential: set one in the console.</p>]));
  };
  chooser.addEventListener('change', show);
  show();

  const form = (
    <form class="callup cxml-setup" action={boot.cxmlSetupUrl} method="post" target={frame.name}>
      <fieldset>
        <legend>Connection</legend>
        <div class="field">
          <label htmlFor="cxml-connection">Buying organisation (connections with a cXML credential)</label>
          {chooser}
        </div>
        <Choice idPrefix={ID} name="operation" shown="PunchOutSetupRequest operation" label="Operation" options={['create', 'edit', 'inspect']} />
        <Field idPrefix={ID} name="selectedRequestId" shown="SelectedItem SupplierPartAuxiliaryID" label="Earlier request (edit, inspect)" hint="The request id an earlier cart carried, e.g. RQ-261122-7K3M9Q." />
      </fieldset>
      {perConnection}
      <fieldset class="sending">
        <legend>Sending</legend>
        <Field idPrefix={ID} name="browserFormPost" shown="BrowserFormPost/URL" label="Cart returns to" value={boot.cxmlCartUrl} hint="This page's cXML cart reader; the connection must accept it (loopback here)." />
        <OpenIn name="cxml-open" />
        <button type="submit" class="button punch-out">
          Punch out over cXML
        </button>
        <p class="hint">
          This page's server posts the PunchOutSetupRequest to <code>/punchout/cxml</code> and opens the <code>StartPage</code> URL of the answer; a refusal is shown with its cXML status.
          Confirmations the supplier sends later are listed at <a href="/buyer/cxml/confirmations">Confirmations received</a>.
        </p>
      </fieldset>
    </form>
  ) as HTMLFormElement;
  openWhereChosen(form, frame, 'cxml-open');
  return form;
}
