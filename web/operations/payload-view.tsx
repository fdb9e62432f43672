/**
 * One payload-log entry as support reads it: a call-up's parameters as a table, an OCI cart as a
 * table of items × fields, a cXML document's key fields and its tree indented, an e-mail rendered;
 * the raw payload one click away (a <details>), with a Copy button.
 */
import './payload-view.css';
import PostalMime from 'postal-mime';
import type { PayloadEntry } from '../../functions/store/payload-log';
import { at } from './format';

const ITEM_FIELD = /^NEW_ITEM-(.+?)\[(\d+)\]$/;
const LONG_TEXT = /^NEW_ITEM-LONGTEXT_(\d+):132\[\]$/;

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const isPairs = (value: unknown): value is [string, string][] =>
  Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');

function facts(rows: [string, string | undefined][]): HTMLElement {
  return (
    <dl class="facts payload-facts">
      {rows.filter(([, v]) => v !== undefined && v !== '').flatMap(([k, v]) => [<dt>{k}</dt>, <dd>{v}</dd>])}
    </dl>
  ) as HTMLElement;
}

function pairTable(caption: string, pairs: [string, string][]): HTMLElement {
  return (
    <div class="table-scroll" tabIndex={0}>
      <table class="queue-table payload-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map(([name, value]) => (
            <tr>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) as HTMLElement;
}

/** A call-up as the log keeps it (routes/punchout.ts callUpRecord): method, path, kept headers, parameters in order. */
function callUpView(record: { method?: string; path?: string; headers?: Record<string, string>; params: [string, string][]; omittedParams?: number }): HTMLElement[] {
  return [
    facts([
      ['Request', [record.method, record.path].filter(Boolean).join(' ')],
      ...Object.entries(record.headers ?? {}).map(([k, v]) => [k, v] as [string, string]),
      ['Parameters left out', record.omittedParams ? String(record.omittedParams) : undefined],
    ]),
    pairTable('Parameters as received (passwords redacted)', record.params),
  ];
}

/** An OCI cart: the form's target and the items, one column per item, one row per field. */
function ociCartView(cart: { action?: string; target?: string; charset?: string; fields: [string, string][] }): HTMLElement[] {
  const items = new Map<number, Map<string, string>>();
  const other: [string, string][] = [];
  for (const [name, value] of cart.fields) {
    const field = ITEM_FIELD.exec(name);
    const long = LONG_TEXT.exec(name);
    const index = field ? Number(field[2]) : long ? Number(long[1]) : undefined;
    if (index === undefined) {
      other.push([name, value]);
      continue;
    }
    const row = items.get(index) ?? new Map<string, string>();
    const key = field ? field[1]! : 'LONGTEXT';
    row.set(key, row.has(key) ? `${row.get(key)}\n${value}` : value);
    items.set(index, row);
  }
  const columns = [...items.keys()].sort((a, b) => a - b);
  const names = [...new Set(columns.flatMap((i) => [...items.get(i)!.keys()]))];
  return [
    facts([
      ['Sent to (HOOK_URL)', cart.action],
      ['Target', cart.target],
      ['Character set', cart.charset],
      ...other,
    ]),
    (
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table payload-table oci-cart-table">
          <caption>
            OCI cart: {columns.length} item{columns.length === 1 ? '' : 's'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              {columns.map((i) => (
                <th scope="col">Item {i}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr data-field={name}>
                <th scope="row">{name}</th>
                {columns.map((i) => (
                  <td>{items.get(i)!.get(name) ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) as HTMLElement,
  ];
}

/** The cXML tree indented, attributes kept, text trimmed: read as the buyer's system reads it. */
function indentXml(node: Element, depth = 0): string {
  const pad = '  '.repeat(depth);
  const attributes = [...node.attributes].map((a) => ` ${a.name}="${a.value}"`).join('');
  const children = [...node.children];
  const text = children.length ? '' : (node.textContent ?? '').trim();
  if (!children.length) return text ? `${pad}<${node.tagName}${attributes}>${text}</${node.tagName}>` : `${pad}<${node.tagName}${attributes}/>`;
  return [`${pad}<${node.tagName}${attributes}>`, ...children.map((c) => indentXml(c, depth + 1)), `${pad}</${node.tagName}>`].join('\n');
}

function cxmlView(body: string): HTMLElement[] | undefined {
  const doc = new DOMParser().parseFromString(body.replace(/^\s*<!DOCTYPE[^>]*>/i, ''), 'application/xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'cXML' || doc.querySelector('parsererror')) return undefined;
  const first = (selector: string) => doc.querySelector(selector);
  const text = (selector: string) => first(selector)?.textContent?.trim() || undefined;
  const message = first('Request > *, Response > *:not(Status), Message > *');
  const status = first('Status');
  const total = first('Total Money');
  const lines = [...doc.querySelectorAll('ItemIn, ItemOut')];
  return [
    facts([
      ['Document', message?.nodeName ?? [...root.children].map((c) => c.nodeName).join(', ')],
      ['payloadID', root.getAttribute('payloadID') ?? undefined],
      ['Time stamp', root.getAttribute('timestamp') ?? undefined],
      ['Operation', message?.getAttribute('operation') ?? undefined],
      ['Status', status ? `${status.getAttribute('code')} ${status.getAttribute('text') ?? ''} ${status.textContent?.trim() ?? ''}`.trim() : undefined],
      ['Order', first('OrderRequestHeader')?.getAttribute('orderID') ?? undefined],
      ['Buyer cookie', text('BuyerCookie')],
      ['Browser form post', text('BrowserFormPost URL')],
      ['Total', total ? `${total.textContent?.trim()} ${total.getAttribute('currency') ?? ''}`.trim() : undefined],
    ]),
    ...(lines.length
      ? [
          (
            <div class="table-scroll" tabIndex={0}>
              <table class="queue-table payload-table cxml-lines">
                <caption>Lines</caption>
                <thead>
                  <tr>
                    <th scope="col">Quantity</th>
                    <th scope="col">Part</th>
                    <th scope="col">Description</th>
                    <th scope="col">Unit price</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((line) => {
                    const money = line.querySelector('UnitPrice Money');
                    return (
                      <tr>
                        <td class="num">{line.getAttribute('quantity') ?? ''}</td>
                        <td>{[line.querySelector('SupplierPartID')?.textContent, line.querySelector('SupplierPartAuxiliaryID')?.textContent].filter(Boolean).join(' / ')}</td>
                        <td>{line.querySelector('Description')?.textContent?.trim() ?? ''}</td>
                        <td class="num">{money ? `${money.textContent?.trim()} ${money.getAttribute('currency') ?? ''}` : ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) as HTMLElement,
        ]
      : []),
    (
      <details class="payload-tree">
        <summary>Document, indented</summary>
        <pre>{indentXml(root)}</pre>
      </details>
    ) as HTMLElement,
  ];
}

/** What the rendered e-mail may do: nothing but show itself (no script, no fetch, no remote image, no form). */
export const MAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

/**
 * The e-mail's HTML for an iframe's srcdoc. A srcdoc document inherits the console's CSP, whose
 * style-src needs the page's nonce: the e-mail's inline style attributes become rules of one
 * <style> carrying that nonce, so the e-mail looks as sent while the console keeps its strict policy.
 * Scripts never run: the frame is sandboxed without allow-scripts and both policies forbid them.
 */
export function mailSrcdoc(mailHtml: string, nonce: string): string {
  // Chromium checks a parsed style attribute against the console's CSP even in an inert DOMParser
  // document and logs a violation for each (90 on one request page): rename them before parsing.
  const doc = new DOMParser().parseFromString(renameStyleAttributes(mailHtml), 'text/html'); // inert: nothing runs or loads here
  const rules: string[] = [];
  doc.querySelectorAll('script, iframe, object, embed, meta[http-equiv], base, link').forEach((e) => e.remove());
  doc.querySelectorAll(`[style], [${STYLE_STASH}]`).forEach((e, i) => {
    const declarations = e.getAttribute(STYLE_STASH) ?? e.getAttribute('style') ?? '';
    rules.push(`[data-mail-style="${i}"]{${declarations.replace(/[{}<]/g, '')}}`);
    e.setAttribute('data-mail-style', String(i));
    e.removeAttribute('style');
    e.removeAttribute(STYLE_STASH);
  });
  doc.querySelectorAll('style').forEach((e) => e.setAttribute('nonce', nonce));
  const style = doc.createElement('style');
  style.setAttribute('nonce', nonce);
  style.textContent = rules.join('\n');
  const csp = doc.createElement('meta');
  csp.setAttribute('http-equiv', 'Content-Security-Policy');
  csp.setAttribute('content', MAIL_FRAME_CSP);
  doc.head.prepend(csp);
  doc.head.append(style);
  return `<!DOCTYPE html>${doc.documentElement.outerHTML}`;
}

const STYLE_STASH = 'data-mail-style-attr';

/**
 * `style=` inside each start tag becomes `data-mail-style-attr=`, so the parser never sees a style
 * attribute. A tag whose quoted value holds a `>` may keep its style (then handled as before); text
 * outside tags is never touched.
 */
export function renameStyleAttributes(html: string): string {
  return html.replace(/<[a-zA-Z][^<>]*>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, `$1${STYLE_STASH}$2`));
}

/** The console page's CSP nonce (on its server-rendered <style>); the IDL property still reads it after the browser hides the attribute. */
const pageNonce = () => document.querySelector<HTMLElement>('style[nonce], script[nonce]')?.nonce ?? '';

function mailView(body: string): HTMLElement {
  const element = (<div class="payload-mail" aria-live="polite" />) as HTMLElement;
  void PostalMime.parse(body)
    .then((mail) => {
      const to = (mail.to ?? []).map((a) => ('address' in a && a.address ? a.address : a.name)).join(', ');
      const frame = (
        <iframe class="mail-frame" title={`E-mail: ${mail.subject ?? ''}`} referrerPolicy="no-referrer" />
      ) as HTMLIFrameElement;
      // An empty sandbox: no scripts, no forms, no popups, no navigation of the console, an opaque origin.
      frame.setAttribute('sandbox', '');
      if (mail.html) frame.srcdoc = mailSrcdoc(mail.html, pageNonce());
      element.replaceChildren(
        facts([
          ['From', mail.from ? `${mail.from.name} <${'address' in mail.from ? mail.from.address : ''}>` : undefined],
          ['To', to],
          ['Subject', mail.subject],
          ['Date', mail.date ? at(mail.date) : undefined],
          ['Attachments', mail.attachments.map((a) => `${a.filename ?? 'unnamed'} (${a.mimeType})`).join(', ')],
        ]),
        mail.html ? frame : <pre class="mail-text">{mail.text ?? ''}</pre>,
      );
      element.dataset.rendered = 'true';
    })
    .catch(() => {
      element.textContent = 'This e-mail could not be read as MIME: see the raw payload.';
    });
  return element;
}

/** The readable part of an entry, by its content; anything unrecognised is shown raw only. */
function readable(entry: PayloadEntry): HTMLElement[] {
  if (entry.truncated) return [<p class="muted">Too large to show readably: only its start was kept. See the raw payload.</p>] as HTMLElement[];
  if (entry.contentType.startsWith('message/rfc822')) return [mailView(entry.body)];
  if (entry.contentType.includes('xml')) return cxmlView(entry.body) ?? [];
  const json = parseJson(entry.body) as Record<string, unknown> | undefined;
  if (json && typeof json === 'object' && isPairs(json.params)) return callUpView(json as never);
  if (json && typeof json === 'object' && isPairs(json.fields)) return ociCartView(json as never);
  if (json && typeof json === 'object' && !Array.isArray(json))
    return [facts(Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string]))];
  return [];
}

function pretty(entry: PayloadEntry): string {
  if (!entry.contentType.startsWith('application/json')) return entry.body;
  const json = parseJson(entry.body);
  return json === undefined ? entry.body : JSON.stringify(json, null, 2);
}

/** The readable view of one entry, then its raw payload behind one click, with Copy. */
export function payloadView(entry: PayloadEntry): HTMLElement {
  const copy = (
    <button type="button" class="button secondary small" data-action="copy-payload">
      Copy raw payload
    </button>
  ) as HTMLButtonElement;
  copy.addEventListener('click', async () => {
    await navigator.clipboard?.writeText(entry.body).catch(() => undefined);
    copy.textContent = 'Copied';
  });
  return (
    <div class="payload-view" data-kind={entry.kind}>
      {readable(entry)}
      <details class="payload-raw">
        <summary>
          Raw payload · {entry.contentType}
          {entry.truncated ? ` · cut at 64 KB of ${entry.bodyBytes} bytes, SHA-256 ${entry.bodySha256}` : ''}
        </summary>
        {copy}
        <pre tabIndex={0}>{pretty(entry)}</pre>
      </details>
    </div>
  ) as HTMLElement;
}
