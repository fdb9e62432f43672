import { describe, expect, it } from 'vitest';
import { newRequestNotice, requesterChangeMail } from '../../functions/mail/outbox';
import { type MailContext, renderMail } from '../../functions/mail/templates';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { demoRequest } from '../support/fixtures';

const context: MailContext = { mailFrom: 'reservations@flexfleet.example', opsMailbox: 'ops@flexfleet.example', holdExpiryDays: 3, now: new Date('2026-11-22T10:00:00Z') };
const depot = { id: 'depot', label: 'Depot Utrecht', address: 'Depotstraat 5, 3542 AB Utrecht', locationCode: 'UTR-DEP', customerNumber: 'C-1002' };

function request(overrides: Partial<ManagedRequest> = {}): ManagedRequest {
  const base = demoRequest();
  return {
    ...base,
    price: { ...base.price, contract: { id: 'acme-10', kind: 'discount', percent: 10, validFrom: '2026-01-01' }, listNet: Math.round(base.price.net / 0.9) },
    deliveryAddress: depot,
    ...overrides,
  };
}

describe('e-mails of test requests and contract rates', () => {
  it('marks the operations notice of a test request as a test in its subject and body', () => {
    const mail = renderMail(newRequestNotice(request({ test: true }), 'REQUEST#x', context.now), context);
    expect(mail.subject).toMatch(/^\[TEST\] New request RQ-/);
    expect(mail.text).toMatch(/^TEST: .*not a real reservation and holds no vehicle/);
    expect(mail.html).toContain('TEST: a connection in test mode');
  });

  it('marks the requester’s confirmation of a test request in the subject, the first paragraph and the calendar entry, in their language', () => {
    const confirmed = request({ test: true, status: 'confirmed', language: 'nl' });
    const mail = renderMail(requesterChangeMail(confirmed, 'request-confirmed', 'REQUEST#x', context.now, 0), context);
    expect(mail.subject).toMatch(/^\[TEST\] Reservering bevestigd: /);
    expect(mail.text.split('\n')[0]).toBe('TEST: deze e-mail hoort bij een test van de koppeling met uw inkoopsysteem. Het is geen echte reservering en er wordt geen voertuig voor u vastgehouden.');
    expect(mail.html).toContain('<strong>TEST: deze e-mail hoort bij een test');
    expect(mail.attachments[0].content).toContain('SUMMARY:[TEST] Voertuighuur');
  });

  it('leaves real requests unmarked', () => {
    const mail = renderMail(requesterChangeMail(request({ status: 'confirmed', assignment: { plate: 'GX-101-P', at: '', by: '' } }), 'request-confirmed', 'REQUEST#x', context.now, 0), context);
    expect(mail.subject).toMatch(/^Reservation confirmed: /);
    expect(mail.text).not.toContain('TEST');
  });

  it('names the contract rate next to the price and shows the delivery address with its codes', () => {
    const mail = renderMail(requesterChangeMail(request({ status: 'declined' }), 'request-declined', 'REQUEST#x', context.now), context);
    expect(mail.text).toMatch(/^Price: .* excl\. VAT \(.* incl\. 21% VAT\), contract rate \(10% discount\)$/m);
    expect(mail.text).toContain('Delivery address: Depot Utrecht, Depotstraat 5, 3542 AB Utrecht (UTR-DEP / C-1002)');
    const notice = renderMail(newRequestNotice(request({ price: { ...request().price, contract: { id: 'card', kind: 'card', validFrom: '2026-01-01' } } }), 'REQUEST#x', context.now), context);
    expect(notice.text).toContain('contract rate (agreed rate card)');
  });
});
