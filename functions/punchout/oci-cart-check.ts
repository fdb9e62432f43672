import { OCI_FIELD_MAX, OCI_NUMBER } from './oci-fields';

/** One received cart field, as the procurement system would read it. */
export interface ReceivedField {
  name: string;
  value: string;
  /** Item index for NEW_ITEM fields. */
  item?: number;
  /** The bare field name (DESCRIPTION, LONGTEXT...), for NEW_ITEM fields. */
  field?: string;
  warnings: string[];
}

export interface CartCheck {
  fields: ReceivedField[];
  /** Problems of an item as a whole (a required field missing). */
  itemWarnings: { item: number; warning: string }[];
}

const ITEM_FIELD = /^NEW_ITEM-([A-Z_0-9]+)\[(\d+)\]$/i;
const LONGTEXT_FIELD = /^NEW_ITEM-LONGTEXT_(\d+):132\[\]$/i;
const NUMBER_FIELDS = new Set(['QUANTITY', 'PRICE']);
const WHOLE_NUMBER_FIELDS = new Set(['PRICEUNIT', 'LEADTIME']);

/** Check a received OCI cart against the rules a procurement system applies (shared/OCI.md §3). */
export function checkCart(received: [string, string][]): CartCheck {
  const items = new Map<number, Map<string, string>>();
  const fields = received.map(([name, value]): ReceivedField => {
    const longText = LONGTEXT_FIELD.exec(name);
    const plain = ITEM_FIELD.exec(name);
    if (!longText && !plain) return { name, value, warnings: [] };
    const field = longText ? 'LONGTEXT' : plain![1].toUpperCase();
    const item = Number(longText ? longText[1] : plain![2]);
    const warnings: string[] = [];
    if (item === 0) warnings.push('Index 0 is dropped by some SAP versions: items start at 1.');
    if (!longText) {
      const max = OCI_FIELD_MAX[field];
      if (max === undefined) warnings.push(`${field} is not an OCI item field.`);
      else if (value.length > max) warnings.push(`${value.length} characters, more than the maximum of ${max}.`);
      if (NUMBER_FIELDS.has(field) && value && !OCI_NUMBER.test(value))
        warnings.push('Not an OCI number: digits, a point and at most 3 decimals, no thousands separators.');
      if (WHOLE_NUMBER_FIELDS.has(field) && value && !/^\d+$/.test(value)) warnings.push('Must be a whole number.');
      if (field === 'PRICEUNIT' && value && value !== '1') warnings.push('PRICEUNIT other than 1 is ignored by some buyers.');
      if (field === 'SERVICE' && value && value !== 'X') warnings.push('SERVICE is either X or empty.');
    }
    if (!items.has(item)) items.set(item, new Map());
    items.get(item)!.set(field, value);
    return { name, value, item, field, warnings };
  });
  const itemWarnings: CartCheck['itemWarnings'] = [];
  for (const [item, values] of items) {
    const has = (field: string) => Boolean(values.get(field)?.trim());
    const need = (warning: string) => itemWarnings.push({ item, warning });
    if (!has('DESCRIPTION') && !has('MATNR')) need('DESCRIPTION is required when MATNR is empty.');
    if (has('DESCRIPTION') && has('MATNR')) need('Send DESCRIPTION or MATNR, not both.');
    if (!has('QUANTITY')) need('QUANTITY is required.');
    if (!has('MATNR') && !has('UNIT')) need('UNIT is required when MATNR is empty.');
    if (has('PRICE') && !has('CURRENCY')) need('CURRENCY is required when PRICE is filled.');
    if (has('CONTRACT_ITEM') && !has('CONTRACT')) need('CONTRACT is required when CONTRACT_ITEM is sent.');
    if ((has('EXT_CATEGORY_ID') || has('EXT_CATEGORY')) && !has('EXT_SCHEMA_TYPE'))
      need('EXT_SCHEMA_TYPE is required when a category is sent.');
  }
  if (items.size === 0) itemWarnings.push({ item: 0, warning: 'The cart holds no NEW_ITEM fields.' });
  return { fields, itemWarnings };
}
