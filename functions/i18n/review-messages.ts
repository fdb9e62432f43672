/**
 * The review step's and the extras' words, in each language the catalog speaks: kept apart from
 * messages.ts so that the review (web/catalog/review.tsx), the cart's long text and the e-mails
 * name an extra the same way.
 */
import type { Language } from './language';

export interface ReviewMessages {
  title: string;
  intro: string;
  vehicle: string;
  location: string;
  period: string;
  pickup: string;
  return: string;
  rental: string;
  references: string;
  referenceMissing: (label: string) => string;
  referencesMissingNote: string;
  extras: string;
  extrasNone: string;
  perDay: (amount: string) => string;
  perRental: (amount: string) => string;
  count: string;
  returnTo: string;
  returnChoose: string;
  oneWayHold: string;
  note: string;
  noteHint: (max: number) => string;
  noteLeft: (left: number) => string;
  send: string;
  sending: string;
  back: string;
  total: string;
  /** The long text's / e-mail's line of one extra: "Child seat × 2: EUR 20.00 excl. VAT". */
  extraLine: (name: string, count: number, amount: string, currency: string) => string;
  oneWayName: (name: string, returnLocation: string) => string;
  extrasHeading: string;
  rentalNet: (amount: string, currency: string) => string;
  /** Under the review's dates, as the card says it: "Local time in Amsterdam Sloterdijk (Europe/Amsterdam)". */
  localTime: (location: string, zone: string) => string;
  problems: {
    unknown: string;
    notHere: string;
    twice: string;
    count: (max: number) => string;
    returnRequired: string;
    returnNotAllowed: string;
    returnNotOneWay: string;
    tooMany: (max: number) => string;
    notAList: string;
    typeNotHere: (type: string, location: string) => string;
    note: (max: number) => string;
    noteCharacters: string;
  };
}

const en: ReviewMessages = {
  title: 'Check your request',
  intro: 'Nothing is sent until you choose “Send to my procurement system”.',
  vehicle: 'Vehicle',
  location: 'Pick-up location',
  period: 'Period',
  pickup: 'Pick-up',
  return: 'Return',
  rental: 'Rental',
  references: 'Your references',
  referenceMissing: (label) => `${label}: missing`,
  referencesMissingNote: 'Your procurement system did not send these; you can add them there before ordering.',
  extras: 'Extras',
  extrasNone: 'No extras are offered at this location.',
  perDay: (amount) => `${amount} per day`,
  perRental: (amount) => `${amount} per rental`,
  count: 'Number',
  returnTo: 'Return at',
  returnChoose: 'Choose the return location',
  oneWayHold: 'The vehicle is reserved at the pick-up location for the whole period.',
  note: 'Note to operations (optional)',
  noteHint: (max) => `For example the driver’s name or a flight number. Not sent to your procurement system. At most ${max} characters.`,
  noteLeft: (left) => `${left} characters left`,
  send: 'Send to my procurement system',
  sending: 'Sending…',
  back: 'Back',
  total: 'Total incl. VAT',
  extraLine: (name, count, amount, currency) => `${name}${count > 1 ? ` × ${count}` : ''}: ${currency} ${amount} excl. VAT`,
  oneWayName: (name, returnLocation) => `${name} to ${returnLocation}`,
  extrasHeading: 'Extras',
  rentalNet: (amount, currency) => `Rental: ${currency} ${amount} excl. VAT`,
  localTime: (location, zone) => `Local time in ${location} (${zone})`,
  problems: {
    unknown: 'This extra is not offered (any more).',
    notHere: 'This extra is not offered at the pick-up location.',
    twice: 'This extra is chosen twice.',
    count: (max) => (max === 1 ? 'This extra can be chosen once only.' : `Choose a whole number between 1 and ${max} of this extra.`),
    returnRequired: 'Choose where the vehicle is returned.',
    returnNotAllowed: 'The vehicle cannot be returned at that location.',
    returnNotOneWay: 'Only a one-way return takes a return location.',
    tooMany: (max) => `At most ${max} extras.`,
    notAList: 'extras must be a list.',
    typeNotHere: (type, location) => `${type} is not offered at ${location}. Please choose a vehicle shown for this location.`,
    note: (max) => `The note may be at most ${max} characters.`,
    noteCharacters: 'The note may not contain tabs, control or invisible characters (zero-width, direction marks).',
  },
};

const nl: ReviewMessages = {
  title: 'Controleer uw aanvraag',
  intro: 'Er wordt niets verstuurd tot u kiest voor “Naar mijn inkoopsysteem sturen”.',
  vehicle: 'Voertuig',
  location: 'Ophaallocatie',
  period: 'Periode',
  pickup: 'Ophalen',
  return: 'Terugbrengen',
  rental: 'Huur',
  references: 'Uw referenties',
  referenceMissing: (label) => `${label}: ontbreekt`,
  referencesMissingNote: 'Uw inkoopsysteem heeft deze niet meegestuurd; u kunt ze daar aanvullen voordat u bestelt.',
  extras: 'Extra’s',
  extrasNone: 'Op deze locatie worden geen extra’s aangeboden.',
  perDay: (amount) => `${amount} per dag`,
  perRental: (amount) => `${amount} per huur`,
  count: 'Aantal',
  returnTo: 'Terugbrengen in',
  returnChoose: 'Kies de inleverlocatie',
  oneWayHold: 'Het voertuig blijft de hele periode op de ophaallocatie gereserveerd.',
  note: 'Opmerking voor de verhuurbalie (optioneel)',
  noteHint: (max) => `Bijvoorbeeld de naam van de bestuurder of een vluchtnummer. Gaat niet naar uw inkoopsysteem. Hoogstens ${max} tekens.`,
  noteLeft: (left) => `Nog ${left} tekens`,
  send: 'Naar mijn inkoopsysteem sturen',
  sending: 'Bezig met versturen…',
  back: 'Terug',
  total: 'Totaal incl. btw',
  extraLine: (name, count, amount, currency) => `${name}${count > 1 ? ` × ${count}` : ''}: ${currency} ${amount} excl. btw`,
  oneWayName: (name, returnLocation) => `${name} naar ${returnLocation}`,
  extrasHeading: 'Extra’s',
  rentalNet: (amount, currency) => `Huur: ${currency} ${amount} excl. btw`,
  localTime: (location, zone) => `Plaatselijke tijd in ${location} (${zone})`,
  problems: {
    unknown: 'Deze extra wordt niet (meer) aangeboden.',
    notHere: 'Deze extra wordt op de ophaallocatie niet aangeboden.',
    twice: 'Deze extra is twee keer gekozen.',
    count: (max) => (max === 1 ? 'Deze extra kan maar één keer worden gekozen.' : `Kies een heel getal tussen 1 en ${max} van deze extra.`),
    returnRequired: 'Kies waar het voertuig wordt ingeleverd.',
    returnNotAllowed: 'Het voertuig kan niet op die locatie worden ingeleverd.',
    returnNotOneWay: 'Alleen een enkele reis heeft een inleverlocatie.',
    tooMany: (max) => `Hoogstens ${max} extra’s.`,
    notAList: 'extras moet een lijst zijn.',
    typeNotHere: (type, location) => `${type} wordt in ${location} niet aangeboden. Kies een voertuig dat voor deze vestiging wordt getoond.`,
    note: (max) => `De opmerking mag hoogstens ${max} tekens lang zijn.`,
    noteCharacters: 'De opmerking mag geen tabs, stuur- of onzichtbare tekens (nulbreedte, richtingstekens) bevatten.',
  },
};

const BY_LANGUAGE: Record<Language, ReviewMessages> = { en, nl };

export function reviewMessages(language: Language): ReviewMessages {
  return BY_LANGUAGE[language] ?? en;
}
