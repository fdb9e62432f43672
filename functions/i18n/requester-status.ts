import type { Language } from './language';

/** Texts of the requester's status page (/r/<token>, http/pages/requester-status-page.ts), per language. */
const en = {
  title: (ref: string) => `Your vehicle request ${ref}`,
  notFoundTitle: 'Link not valid',
  notFound: 'This link is not valid or has expired. If you need to change a reservation, reply to one of our e-mails or call the desk.',
  throttled: (minutes: number) => `Too many attempts from your network. Please try again in ${minutes} minute(s).`,
  states: {
    requested: (until: string) => `Received: waiting for confirmation by our team. The vehicle type is held for you until ${until}.`,
    confirmed: 'Confirmed: the vehicle is reserved for you.',
    declined: 'Declined: we could not confirm this request. Please remove its line from your procurement cart.',
    cancelled: 'Cancelled. Please remove its line from your procurement cart.',
    expired: 'Lapsed: it was not confirmed in time. Please remove its line from your procurement cart.',
  },
  cancelledByYou: 'You cancelled it with this link.',
  cancelledByUs: 'It was cancelled by our team.',
  replacedBy: (ref: string) => `It was replaced by your newer request ${ref}.`,
  status: 'Status',
  reason: 'Reason',
  cancelTitle: 'Cancel this request',
  cancelExplain: 'You can cancel until the pick-up time. We e-mail you a confirmation of the cancellation, and the vehicle is released.',
  cancelReason: 'Why do you cancel? (required, at most 300 characters)',
  cancelButton: 'Cancel my request',
  cancelTooLate: 'The pick-up time has passed: to change or end the rental, please call the desk.',
  reasonMissing: 'Please give a reason for the cancellation.',
  reasonTooLong: 'The reason is too long: at most 300 characters.',
  reasonControl: 'The reason may not contain tabs, control or invisible characters (zero-width, direction marks).',
  formExpired: 'The form was not sent from this page. Please open the link again and retry.',
  busy: 'The request was being changed at the same moment. Please try again.',
  done: 'Your request is cancelled. A confirmation e-mail is on its way.',
  call: (location: string, phone: string) => `Questions? Call ${location} on ${phone}.`,
};

export type RequesterStatusTexts = typeof en;

const nl: RequesterStatusTexts = {
  title: (ref) => `Uw voertuigaanvraag ${ref}`,
  notFoundTitle: 'Link niet geldig',
  notFound: 'Deze link is niet geldig of verlopen. Wilt u een reservering wijzigen, beantwoord dan een van onze e-mails of bel de vestiging.',
  throttled: (minutes) => `Te veel pogingen vanaf uw netwerk. Probeer het over ${minutes} minuut/minuten opnieuw.`,
  states: {
    requested: (until) => `Ontvangen: wacht op bevestiging door ons team. Het voertuigtype wordt tot ${until} voor u vastgehouden.`,
    confirmed: 'Bevestigd: het voertuig is voor u gereserveerd.',
    declined: 'Afgewezen: we konden deze aanvraag niet bevestigen. Verwijder haar regel uit uw winkelwagen in het inkoopsysteem.',
    cancelled: 'Geannuleerd. Verwijder haar regel uit uw winkelwagen in het inkoopsysteem.',
    expired: 'Verlopen: zij is niet op tijd bevestigd. Verwijder haar regel uit uw winkelwagen in het inkoopsysteem.',
  },
  cancelledByYou: 'U hebt haar met deze link geannuleerd.',
  cancelledByUs: 'Zij is door ons team geannuleerd.',
  replacedBy: (ref) => `Zij is vervangen door uw nieuwere aanvraag ${ref}.`,
  status: 'Status',
  reason: 'Reden',
  cancelTitle: 'Deze aanvraag annuleren',
  cancelExplain: 'U kunt annuleren tot het ophaalmoment. We sturen u een bevestiging van de annulering per e-mail en het voertuig wordt vrijgegeven.',
  cancelReason: 'Waarom annuleert u? (verplicht, hoogstens 300 tekens)',
  cancelButton: 'Mijn aanvraag annuleren',
  cancelTooLate: 'Het ophaalmoment is voorbij: bel de vestiging om de huur te wijzigen of te beëindigen.',
  reasonMissing: 'Geef een reden voor de annulering.',
  reasonTooLong: 'De reden is te lang: hoogstens 300 tekens.',
  reasonControl: 'De reden mag geen tabs, stuur- of onzichtbare tekens (nulbreedte, richtingstekens) bevatten.',
  formExpired: 'Het formulier is niet vanaf deze pagina verstuurd. Open de link opnieuw en probeer het nog eens.',
  busy: 'De aanvraag werd op hetzelfde moment gewijzigd. Probeer het opnieuw.',
  done: 'Uw aanvraag is geannuleerd. Een bevestiging per e-mail is onderweg.',
  call: (location, phone) => `Vragen? Bel ${location} op ${phone}.`,
};

const TEXTS: Record<Language, RequesterStatusTexts> = { en, nl };

export function requesterStatusTexts(language: Language): RequesterStatusTexts {
  return TEXTS[language];
}
