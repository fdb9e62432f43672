/** OCI 4.0/5.0 item fields and their maximum lengths (shared/OCI.md §3). */
export const OCI_FIELD_MAX: Record<string, number> = {
  DESCRIPTION: 40,
  MATNR: 40,
  QUANTITY: 15,
  UNIT: 3,
  PRICE: 15,
  CURRENCY: 5,
  PRICEUNIT: 5,
  LEADTIME: 5,
  VENDOR: 10,
  VENDORMAT: 40,
  MANUFACTCODE: 10,
  MANUFACTMAT: 40,
  MATGROUP: 10,
  SERVICE: 1,
  CONTRACT: 10,
  CONTRACT_ITEM: 5,
  EXT_QUOTE_ID: 35,
  EXT_QUOTE_ITEM: 10,
  EXT_PRODUCT_ID: 40,
  ATTACHMENT: 255,
  ATTACHMENT_TITLE: 255,
  ATTACHMENT_PURPOSE: 1,
  EXT_SCHEMA_TYPE: 10,
  EXT_CATEGORY_ID: 60,
  EXT_CATEGORY: 40,
  SLD_SYS_NAME: 60,
  CUST_FIELD1: 10,
  CUST_FIELD2: 10,
  CUST_FIELD3: 10,
  CUST_FIELD4: 20,
  CUST_FIELD5: 50,
  ITEM_TYPE: 1,
  PARENT_ID: 5,
};

/** Longest line of LONGTEXT that reads well in SAP. */
export const LONGTEXT_LINE = 132;

/** An OCI number: up to 11 digits, `.`, up to 3 decimals. */
export const OCI_NUMBER = /^\d{1,11}(\.\d{1,3})?$/;

/** `5.000`: three decimals, a point, no thousands separators. */
export function ociNumber(value: number): string {
  return value.toFixed(3);
}

/** An amount in cents as an OCI number (`412.500`). */
export function ociAmount(cents: number): string {
  return ociNumber(cents / 100);
}

export const itemField = (field: string, index: number) => `NEW_ITEM-${field}[${index}]`;
export const longTextField = (index: number) => `NEW_ITEM-LONGTEXT_${index}:132[]`;
