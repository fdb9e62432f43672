/**
 * SES bounces and complaints (published by the configuration set to an SNS topic), read into one
 * record per recipient, so operations can see that a requester's address bounced. Stored by
 * store/bounces.ts; received by mail/bounce-lambda.ts.
 */

export type BounceKind = 'bounce' | 'complaint';

export interface BounceRecord {
  /** Lower case. */
  address: string;
  kind: BounceKind;
  /** ISO time SES reported the bounce or complaint. */
  at: string;
  /** A short human-readable reason, e.g. "Permanent/General: smtp; 550 5.1.1 user unknown". */
  detail: string;
}

const DETAIL_MAX = 300;

interface Recipient {
  emailAddress?: unknown;
  diagnosticCode?: unknown;
  status?: unknown;
}

interface SesNotification {
  eventType?: unknown;
  notificationType?: unknown;
  bounce?: { bounceType?: unknown; bounceSubType?: unknown; timestamp?: unknown; bouncedRecipients?: Recipient[] };
  complaint?: { complaintFeedbackType?: unknown; timestamp?: unknown; complainedRecipients?: Recipient[] };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function isoTime(value: unknown, fallback: Date): string {
  const parsed = typeof value === 'string' ? new Date(value) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : fallback.toISOString();
}

function record(address: string, kind: BounceKind, at: string, detail: string): BounceRecord {
  return { address: address.toLowerCase(), kind, at, detail: detail.slice(0, DETAIL_MAX) };
}

/**
 * The records an SES notification stands for: one per bounced or complaining recipient. Accepts
 * configuration-set event publishing (`eventType`) and identity notifications (`notificationType`);
 * anything else (deliveries, sends, malformed text) yields no record.
 */
export function bounceRecords(message: string, now = new Date()): BounceRecord[] {
  let parsed: SesNotification;
  try {
    parsed = JSON.parse(message) as SesNotification;
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const type = text(parsed.eventType) ?? text(parsed.notificationType);
  if (type === 'Bounce' && parsed.bounce) {
    const b = parsed.bounce;
    const at = isoTime(b.timestamp, now);
    const kind = [text(b.bounceType), text(b.bounceSubType)].filter(Boolean).join('/') || 'Bounce';
    return (b.bouncedRecipients ?? []).flatMap((r) => {
      const address = text(r?.emailAddress);
      if (!address) return [];
      const reason = text(r.diagnosticCode) ?? text(r.status);
      return [record(address, 'bounce', at, reason ? `${kind}: ${reason}` : kind)];
    });
  }
  if (type === 'Complaint' && parsed.complaint) {
    const c = parsed.complaint;
    const at = isoTime(c.timestamp, now);
    const detail = `Complaint: ${text(c.complaintFeedbackType) ?? 'not specified'}`;
    return (c.complainedRecipients ?? []).flatMap((r) => {
      const address = text(r?.emailAddress);
      return address ? [record(address, 'complaint', at, detail)] : [];
    });
  }
  return [];
}
