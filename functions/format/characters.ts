/**
 * The characters no entered text may hold, one home for the call-up, the console's admin input and
 * the fleet file. Control characters (C0 with TAB, CR and LF, DEL, C1, the Unicode line and
 * paragraph separators) end up in e-mail bodies and headers, logs and the buyer's cart. Characters
 * that hide or reorder text (zero-width spaces and joiners, bidi overrides and isolates, the
 * byte-order mark, the soft hyphen) make a name read otherwise than it is: "Anna" must be "Anna".
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** The same, but line breaks (CR, LF) allowed: for the few texts that are several lines (an address). */
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/** Whether a text holds a control or hidden character; `lineBreaks` lets CR and LF through. */
export function hasControlCharacters(value: string, { lineBreaks = false }: { lineBreaks?: boolean } = {}): boolean {
  return (lineBreaks ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(value);
}

/** Whether a text shows nothing: empty or only white space. */
export const isBlank = (value: string): boolean => value.trim() === '';

/** The message every refusal of such a character gives. */
export const CONTROL_MESSAGE = 'control characters and invisible characters (zero-width, bidi controls) are not allowed';
