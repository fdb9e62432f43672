import { randomBytes } from 'node:crypto';

/**
 * A complete MIME message (RFC 5322 / 2045–2049), built here rather than by SES, so the exact
 * bytes sent are the bytes kept in the payload log: text and HTML as alternatives, attachments beside.
 */
export interface MailAttachment {
  filename: string;
  /** e.g. `text/calendar; charset=UTF-8; method=REQUEST`. */
  contentType: string;
  content: string;
}

export interface MailMessage {
  from: { name: string; email: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
  /** Extra headers, e.g. `X-FlexFleet-Outbox`. */
  headers?: Record<string, string>;
}

const CRLF = '\r\n';

/** RFC 2047 encoded-word for header text that is not plain ASCII. */
export function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  // Encoded words of at most 75 characters: split the UTF-8 on character boundaries.
  const words: string[] = [];
  let chunk = '';
  for (const ch of clean) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

function address(name: string, email: string): string {
  const safe = name.replace(/["\\\r\n]/g, '');
  return /^[\x20-\x7e]*$/.test(safe) ? `"${safe}" <${email}>` : `${encodeHeader(safe)} <${email}>`;
}

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text with CRLF line breaks, lines of at most 76 characters. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r?\n/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let out = '';
      let width = 0;
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        const plain = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        const token = plain ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (width + token.length > 75) {
          out += `=${CRLF}`;
          width = 0;
        }
        out += token;
        width += token.length;
      });
      return out;
    })
    .join(CRLF);
}

function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function boundary(): string {
  return `=_ff_${randomBytes(12).toString('hex')}`;
}

export function buildMime(message: MailMessage, options: { messageId: string; date: Date }): string {
  const mixed = boundary();
  const alternative = boundary();
  const headers = [
    `From: ${address(message.from.name, message.from.email)}`,
    `To: ${message.to}`,
    ...(message.replyTo ? [`Reply-To: ${message.replyTo}`] : []),
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${options.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${options.messageId}>`,
    'MIME-Version: 1.0',
    ...Object.entries(message.headers ?? {}).map(([k, v]) => `${k}: ${encodeHeader(v)}`),
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
  ];
  const parts = [
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    `--${alternative}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(message.text),
    `--${alternative}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(message.html),
    `--${alternative}--`,
    ...message.attachments.flatMap((a) => [
      `--${mixed}`,
      `Content-Type: ${a.contentType}; name="${a.filename}"`,
      `Content-Disposition: attachment; filename="${a.filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(a.content),
    ]),
    `--${mixed}--`,
    '',
  ];
  return [...headers, '', ...parts].join(CRLF);
}
