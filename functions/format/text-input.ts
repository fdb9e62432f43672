import * as z from 'zod/mini';
import { CONTROL_MESSAGE, hasControlCharacters, isBlank } from './characters';

/**
 * A text an admin types (a name, a label, an address): at most `max` characters, not blank, no
 * control or hidden characters (characters.ts); line breaks only where `lineBreaks` says the text
 * may span several lines. One rule for the connection and the fleet schemas.
 */
export const adminText = (max: number, { lineBreaks = false } = {}) =>
  z.string().check(
    z.minLength(1, 'expected a text'),
    z.maxLength(max, `expected at most ${max} characters`),
    z.refine((value) => !isBlank(value), 'expected a text, not only spaces'),
    z.refine((value) => !hasControlCharacters(value, { lineBreaks }), CONTROL_MESSAGE),
  );
