import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../functions/operations/api';
import { requestMatches, sortQueue, Suggester } from '../../functions/operations/queue-speed';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { whoHears } from '../../web/operations/decision-words';

const request = (overrides: Partial<ManagedRequest> = {}) =>
  ({
    id: 'RQ-261122-7K3M9Q',
    status: 'requested',
    requester: { fullName: 'Zoë de Vries', email: 'zoe@acme.example' },
    extra: { poNumber: '4500012345' },
    assignment: { plate: 'GB-123-X', at: '', by: '' },
    ...overrides,
  }) as ManagedRequest;

describe('searching the queue', () => {
  it('finds a request by reference, requester (accents ignored), PO number or plate without dashes, all words required', () => {
    expect(requestMatches(request(), '7k3m9q')).toBe(true);
    expect(requestMatches(request(), 'zoe vries')).toBe(true);
    expect(requestMatches(request(), '4500012345')).toBe(true);
    expect(requestMatches(request(), 'gb123x')).toBe(true);
    expect(requestMatches(request(), 'zoe smith')).toBe(false);
    expect(requestMatches(request({ order: { orderNumber: 'PO-777' } as never }), 'po-777')).toBe(true);
  });
});

describe('sorting the queue', () => {
  const item = (id: string, gross: number, left?: number) => ({ id, price: { gross, currency: 'EUR' }, ...(left === undefined ? {} : { age: { leftMinutes: left } }) }) as QueueItem;
  const page = [item('a', 100, 50), item('b', 300), item('c', 200, -10)];
  it('by price highest first, by response time left least first (closed ones last), by pick-up as given', () => {
    expect(sortQueue(page, 'price').map((i) => i.id)).toEqual(['b', 'c', 'a']);
    expect(sortQueue(page, 'response').map((i) => i.id)).toEqual(['c', 'a', 'b']);
    expect(sortQueue(page, 'pickup').map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('suggesting units on a page', () => {
  it('never promises one unit to two overlapping requests, but does to requests that do not overlap', () => {
    const suggester = new Suggester();
    const units = [
      { plate: 'A', taken: false },
      { plate: 'B', taken: true },
      { plate: 'C', taken: false },
    ];
    expect(suggester.suggest(['d1am', 'd1pm'], units)).toBe('A');
    expect(suggester.suggest(['d1pm', 'd2am'], units)).toBe('C');
    expect(suggester.suggest(['d1pm'], units)).toBeUndefined();
    expect(suggester.suggest(['d3am'], units)).toBe('A');
  });
});

describe('what the request page says before a decline or cancel', () => {
  const base = { id: 'RQ-1', language: 'en', requester: { fullName: 'Jane Doe', email: 'jane@acme.example' } };
  it('names the e-mail to the requester, and the ConfirmationRequest for a cXML order with confirmations', () => {
    expect(whoHears(base as never, 'decline')).toBe('the e-mail “Vehicle request declined (RQ-1)” to Jane Doe <jane@acme.example>');
    const cxml = { ...base, order: { source: 'cxml', confirmations: true, orderNumber: '4500001', lastConfirmation: 'accept' } };
    expect(whoHears(cxml as never, 'cancel')).toBe(
      'the e-mail “Reservation cancelled (RQ-1)” to Jane Doe <jane@acme.example> and a cXML ConfirmationRequest (reject) for PO 4500001 to the buyer’s procurement system',
    );
    expect(whoHears({ ...base, language: 'nl' } as never, 'decline')).toBe('the e-mail “Voertuigaanvraag afgewezen (RQ-1)” to Jane Doe <jane@acme.example>');
    expect(whoHears({ ...cxml, order: { ...cxml.order, confirmations: false } } as never, 'cancel')).not.toContain('ConfirmationRequest');
    expect(whoHears({ ...cxml, order: { ...cxml.order, source: 'email' } } as never, 'cancel')).not.toContain('ConfirmationRequest');
  });
});
