/**
 * Registers Årshjul's search attributes on a Temporal server that lacks them: the Java test server, or a
 * self-hosted cluster. (The dev server gets them as `--search-attribute` flags, see devServer.ts.)
 */
import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/searchAttributes';

const { IndexedValueType } = temporal.api.enums.v1;

const INDEXED_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

const GRPC_UNIMPLEMENTED = 12;
const GRPC_ALREADY_EXISTS = 6;

const grpcCode = (error: unknown) => (error as { code?: number }).code;

export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const known = new Set<string>();
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    Object.keys(existing.customAttributes ?? {}).forEach((name) => known.add(name));
    Object.keys(existing.systemAttributes ?? {}).forEach((name) => known.add(name));
  } catch (error) {
    // The Java test server can add search attributes but not list them.
    if (grpcCode(error) !== GRPC_UNIMPLEMENTED) throw error;
  }
  const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]!])),
    });
  } catch (error) {
    if (grpcCode(error) !== GRPC_ALREADY_EXISTS) throw error;
  }
}
