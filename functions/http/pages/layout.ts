import { Html, html } from '../../mail/html';

/** Minimal styles for server-rendered pages (error, transfer, hook), inline so they need no asset. */
const BASE_CSS = new Html(`body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433;background:#f5f7fa}
main{max-width:46rem;margin:0 auto;padding:1.5rem}h1{font-size:1.4rem;line-height:1.25}
.notice{background:#fff;border:1px solid #d5dbe5;border-left:4px solid #c2410c;border-radius:6px;padding:1rem 1.25rem}
.ok{border-left-color:#15803d}button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:0;background:#0b5cad;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}code{font-size:.9em}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d5dbe5;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.value{white-space:pre-wrap;word-break:break-word}.warn{color:#b42318}`);

export interface LayoutOptions {
  lang: string;
  title: string;
  body: Html;
  charset?: string;
  head?: Html;
  /** Required on pages served with a nonce-based CSP. */
  nonce?: string;
  /** False for pages whose bundle brings its own styles. */
  baseStyles?: boolean;
}

export function layout({ lang, title, body, charset = 'utf-8', head, nonce, baseStyles = true }: LayoutOptions): Html {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="${charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
${baseStyles && html`<style${nonce ? html` nonce="${nonce}"` : ''}>${BASE_CSS}</style>`}
${head}
</head>
<body>${body}</body>
</html>`;
}
