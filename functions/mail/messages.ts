import type { Language } from '../i18n/language';
import type { AppliedContractRate } from '../catalog/contract-rates';
import type { DecisionReason } from '../requests/lifecycle';

/**
 * Every text of the e-mails a requester receives. To add a language, add it to LANGUAGES and give
 * it a table here: the compiler lists what is missing.
 */
const en = {
  greeting: (name: string) => `Dear ${name},`,
  confirmedSubject: (vehicle: string, date: string, ref: string) => `Reservation confirmed: ${vehicle}, ${date} (${ref})`,
  confirmedIntro: 'Your vehicle reservation is confirmed. The vehicle below is ready for you at the time and place shown.',
  updatedSubject: (vehicle: string, date: string, ref: string) => `Reservation changed: ${vehicle}, ${date} (${ref})`,
  updatedIntro: 'Your reservation has changed: the vehicle below replaces the one we confirmed earlier. Everything else stays the same.',
  declinedSubject: (ref: string) => `Vehicle request declined (${ref})`,
  declinedIntro: 'We are sorry: we cannot confirm your vehicle request. The vehicle is no longer held for you.',
  cancelledSubject: (ref: string) => `Reservation cancelled (${ref})`,
  cancelledIntro: 'Your vehicle reservation has been cancelled, as requested on your behalf. The vehicle is no longer held for you.',
  cancelledByYouIntro: 'Your vehicle request has been cancelled, as you asked with your status link. The vehicle is no longer held for you.',
  expiredSubject: (ref: string) => `Vehicle request lapsed (${ref})`,
  expiredIntro: (days: number) =>
    `Your vehicle request was not confirmed in time (within ${days} days, or before the pick-up) and has lapsed. The vehicle is no longer held for you. If you still need a vehicle, please request one again from your procurement system.`,
  receivedSubject: (vehicle: string, date: string, ref: string) => `Request received: ${vehicle}, ${date} (${ref})`,
  receivedIntro: (until: string) =>
    `We have received your vehicle request. The vehicle type is held for you until ${until} while our team confirms it.`,
  receivedNext: [
    'What happens next: our team checks the request and assigns a vehicle, usually within working hours.',
    'You receive a second e-mail with the confirmation, the licence plate and a calendar entry.',
    'If the request is not confirmed by the time above, it lapses, the hold is released and we tell you by e-mail.',
  ],
  replacesLine: (ref: string) =>
    `This request replaces your earlier request ${ref}: that one is cancelled and its vehicle is no longer held. In your procurement system's cart, delete the line of ${ref} and keep this one.`,
  statusLinkIntro: 'See the state of your request, or cancel it before pick-up, with this link (no account needed; keep it to yourself):',
  statusLinkLabel: 'View or cancel your request',
  /** A closed request (declined, cancelled, lapsed): the link only shows its state, for a week. */
  statusLinkClosedIntro: 'This link shows the state of the request (no account needed); it can no longer be changed or cancelled. The link works for a week.',
  statusLinkClosedLabel: 'View your request',
  removeLine: 'Please remove this request\'s line from your cart or requisition in your procurement system, so that no order is placed for it.',
  bringTitle: 'What to bring',
  bringItems: ['Your driving licence (valid, held for at least one year)', 'An identity card or passport', 'Our reference or your purchase order number'],
  cancellationTitle: 'Cancellation',
  cancellationRule: 'You can cancel this reservation yourself until the pick-up time, with the link below or by calling the desk. After the pick-up time, please call the desk.',
  mapLink: 'Map',
  openingHours: 'Opening hours',
  closed: 'closed',
  weekdays: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
  reason: 'Reason',
  reasons: {
    'no-vehicle': 'No vehicle of this type is available for the period.',
    'period-not-possible': 'The period or the location cannot be served.',
    'not-authorised': 'Your organisation has not authorised this request.',
    duplicate: 'This request duplicates another one.',
    other: 'See the note below.',
    'requester-asked': 'You asked us to cancel it.',
    'order-withdrawn': 'The purchase order was withdrawn.',
    replaced: 'You replaced it with a new request from the same session.',
  } satisfies Record<DecisionReason, string>,
  note: 'Note',
  reference: 'Our reference',
  // Not "PO number": a connection's extra field may carry that name (typed at punch-out); this is the order its system sent.
  purchaseOrder: 'Purchase order number (as your procurement system sent it to us)',
  vehicle: 'Vehicle',
  vehicleLine: (model: string, type: string) => `${model} (${type})`,
  plate: 'Licence plate',
  pickup: 'Pick-up',
  returnAt: 'Return',
  address: 'Address',
  sameLocation: 'same location',
  oneWayTo: (place: string) => `at ${place} (one-way return)`,
  price: 'Price',
  priceLine: (net: string, gross: string, vat: number) => `${net} excl. VAT (${gross} incl. ${vat}% VAT)`,
  contact: 'Questions?',
  contactLine: (location: string, phone: string, email: string) => `Call ${location} on ${phone} or reply to this e-mail (${email}).`,
  calendarAdded: 'The attached calendar entry (reservation.ics) puts the rental in your calendar; later changes update that same entry.',
  calendarRemoved: 'The attached calendar message (cancellation.ics) removes the reservation from your calendar.',
  quoteReference: 'Please quote our reference on your purchase order and invoice queries.',
  signature: (brand: string) => `Kind regards,\n${brand} reservations`,
  /** The calendar entry's organiser name. */
  reservations: (brand: string) => `${brand} reservations`,
  summary: (vehicle: string, plate: string) => `Vehicle rental: ${vehicle}, ${plate}`,
  /** Test mode (README, "Test mode"): the subject's prefix and the body's first paragraph. */
  testMark: '[TEST]',
  testNotice: 'TEST: this e-mail is part of a test of the connection with your procurement system. It is not a real reservation and no vehicle is held for you.',
  contractRate: (rate: AppliedContractRate) => (rate.kind === 'discount' ? `contract rate (${rate.percent.toLocaleString('en-GB')}% discount)` : 'contract rate (agreed rate card)'),
  deliveryAddress: 'Delivery address',
  dateLocale: 'en-GB',
};

export type MailTexts = typeof en;

const nl: MailTexts = {
  greeting: (name) => `Beste ${name},`,
  confirmedSubject: (vehicle, date, ref) => `Reservering bevestigd: ${vehicle}, ${date} (${ref})`,
  confirmedIntro: 'Uw voertuigreservering is bevestigd. Het voertuig hieronder staat op het genoemde tijdstip en adres voor u klaar.',
  updatedSubject: (vehicle, date, ref) => `Reservering gewijzigd: ${vehicle}, ${date} (${ref})`,
  updatedIntro: 'Uw reservering is gewijzigd: het voertuig hieronder vervangt het voertuig dat we eerder bevestigden. De rest blijft gelijk.',
  declinedSubject: (ref) => `Voertuigaanvraag afgewezen (${ref})`,
  declinedIntro: 'Het spijt ons: we kunnen uw voertuigaanvraag niet bevestigen. Het voertuig wordt niet langer voor u vastgehouden.',
  cancelledSubject: (ref) => `Reservering geannuleerd (${ref})`,
  cancelledIntro: 'Uw voertuigreservering is geannuleerd, zoals namens u gevraagd. Het voertuig wordt niet langer voor u vastgehouden.',
  cancelledByYouIntro: 'Uw voertuigaanvraag is geannuleerd, zoals u via uw statuslink vroeg. Het voertuig wordt niet langer voor u vastgehouden.',
  expiredSubject: (ref) => `Voertuigaanvraag verlopen (${ref})`,
  expiredIntro: (days) =>
    `Uw voertuigaanvraag is niet op tijd bevestigd (binnen ${days} dagen, of vóór het ophalen) en is verlopen. Het voertuig wordt niet langer voor u vastgehouden. Hebt u nog een voertuig nodig, vraag het dan opnieuw aan vanuit uw inkoopsysteem.`,
  receivedSubject: (vehicle, date, ref) => `Aanvraag ontvangen: ${vehicle}, ${date} (${ref})`,
  receivedIntro: (until) =>
    `We hebben uw voertuigaanvraag ontvangen. Het voertuigtype wordt tot ${until} voor u vastgehouden terwijl ons team de aanvraag bevestigt.`,
  receivedNext: [
    'Wat er nu gebeurt: ons team bekijkt de aanvraag en wijst een voertuig toe, meestal binnen werktijd.',
    'U ontvangt een tweede e-mail met de bevestiging, het kenteken en een agenda-afspraak.',
    'Is de aanvraag op het genoemde tijdstip niet bevestigd, dan vervalt zij, wordt het voertuig vrijgegeven en laten we het u per e-mail weten.',
  ],
  replacesLine: (ref) =>
    `Deze aanvraag vervangt uw eerdere aanvraag ${ref}: die is geannuleerd en het voertuig wordt er niet meer voor vastgehouden. Verwijder in de winkelwagen van uw inkoopsysteem de regel van ${ref} en houd deze.`,
  statusLinkIntro: 'Bekijk de stand van uw aanvraag, of annuleer haar vóór het ophalen, met deze link (geen account nodig; deel hem niet):',
  statusLinkLabel: 'Aanvraag bekijken of annuleren',
  statusLinkClosedIntro: 'Met deze link ziet u de stand van de aanvraag (geen account nodig); wijzigen of annuleren kan niet meer. De link werkt een week.',
  statusLinkClosedLabel: 'Aanvraag bekijken',
  removeLine: 'Verwijder de regel van deze aanvraag uit uw winkelwagen of aanvraag in uw inkoopsysteem, zodat er geen order voor wordt geplaatst.',
  bringTitle: 'Meenemen',
  bringItems: ['Uw rijbewijs (geldig, minstens een jaar in uw bezit)', 'Een identiteitskaart of paspoort', 'Onze referentie of uw inkoopordernummer'],
  cancellationTitle: 'Annuleren',
  cancellationRule: 'U kunt deze reservering tot het ophaalmoment zelf annuleren, met de link hieronder of door de vestiging te bellen. Na het ophaalmoment belt u de vestiging.',
  mapLink: 'Kaart',
  openingHours: 'Openingstijden',
  closed: 'gesloten',
  weekdays: { mon: 'ma', tue: 'di', wed: 'wo', thu: 'do', fri: 'vr', sat: 'za', sun: 'zo' },
  reason: 'Reden',
  reasons: {
    'no-vehicle': 'Er is in deze periode geen voertuig van dit type beschikbaar.',
    'period-not-possible': 'De periode of de vestiging kunnen we niet bedienen.',
    'not-authorised': 'Uw organisatie heeft deze aanvraag niet goedgekeurd.',
    duplicate: 'Deze aanvraag is een dubbele van een andere.',
    other: 'Zie de toelichting hieronder.',
    'requester-asked': 'U vroeg ons haar te annuleren.',
    'order-withdrawn': 'De inkooporder is ingetrokken.',
    replaced: 'U hebt haar vervangen door een nieuwe aanvraag uit dezelfde sessie.',
  },
  note: 'Toelichting',
  reference: 'Onze referentie',
  purchaseOrder: 'Inkoopordernummer (zoals uw inkoopsysteem het ons stuurde)',
  vehicle: 'Voertuig',
  vehicleLine: (model, type) => `${model} (${type})`,
  plate: 'Kenteken',
  pickup: 'Ophalen',
  returnAt: 'Terugbrengen',
  address: 'Adres',
  sameLocation: 'zelfde vestiging',
  oneWayTo: (place) => `bij ${place} (enkele reis)`,
  price: 'Prijs',
  priceLine: (net, gross, vat) => `${net} excl. btw (${gross} incl. ${vat}% btw)`,
  contact: 'Vragen?',
  contactLine: (location, phone, email) => `Bel ${location} op ${phone} of beantwoord deze e-mail (${email}).`,
  calendarAdded: 'Met de bijgevoegde agenda-afspraak (reservation.ics) staat de huur in uw agenda; latere wijzigingen werken diezelfde afspraak bij.',
  calendarRemoved: 'Het bijgevoegde agendabericht (cancellation.ics) haalt de reservering uit uw agenda.',
  quoteReference: 'Vermeld onze referentie op uw inkooporder en bij vragen over de factuur.',
  signature: (brand) => `Met vriendelijke groet,\n${brand} reserveringen`,
  reservations: (brand) => `${brand} reserveringen`,
  summary: (vehicle, plate) => `Voertuighuur: ${vehicle}, ${plate}`,
  testMark: '[TEST]',
  testNotice: 'TEST: deze e-mail hoort bij een test van de koppeling met uw inkoopsysteem. Het is geen echte reservering en er wordt geen voertuig voor u vastgehouden.',
  contractRate: (rate) => (rate.kind === 'discount' ? `contracttarief (${rate.percent.toLocaleString('nl-NL')}% korting)` : 'contracttarief (afgesproken tarieven)'),
  deliveryAddress: 'Afleveradres',
  dateLocale: 'nl-NL',
};

export const MAIL_TEXTS: Record<Language, MailTexts> = { en, nl };

export function mailTexts(language: Language): MailTexts {
  return MAIL_TEXTS[language];
}
