import { GSI1, TTL_ATTRIBUTE } from './keys';

/**
 * The single table, defined once: keys, the one index, the stream and the TTL attribute. The CDK
 * stack (infra/data.ts) and the local stack and tests (store/table.ts) both build it from this.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Every key attribute is a string. */
  indexes: [{ name: GSI1, partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  /** All attributes projected: the index is read as the queue and the outbox's problems. */
  projection: 'ALL',
  /** The mail worker needs the new image; the old one tells a removal what it removed. */
  streamView: 'NEW_AND_OLD_IMAGES',
  ttlAttribute: TTL_ATTRIBUTE,
  billing: 'PAY_PER_REQUEST',
} as const;
