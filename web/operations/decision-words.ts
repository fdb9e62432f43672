/** The words the request page asks with before a decline or cancel: who will hear of it. */
import { mailTexts } from '../../functions/mail/messages';
import type { RequestDetail } from '../../functions/operations/api';

/** Who hears of a decline or cancel: the requester's e-mail, and a cXML order's ConfirmationRequest to the buyer's system. */
export function whoHears(r: RequestDetail['request'], kind: 'decline' | 'cancel'): string {
  // The very subject the requester will see, in their language (mail/messages.ts).
  const texts = mailTexts(r.language);
  const subject = kind === 'decline' ? texts.declinedSubject(r.id) : texts.cancelledSubject(r.id);
  const mail = `the e-mail “${subject}” to ${r.requester.fullName} <${r.requester.email}>`;
  const order = r.order;
  const buyer =
    order?.source === 'cxml' && order.confirmations && order.lastConfirmation !== 'reject'
      ? ` and a cXML ConfirmationRequest (reject) for PO ${order.orderNumber} to the buyer’s procurement system`
      : '';
  return `${mail}${buyer}`;
}
