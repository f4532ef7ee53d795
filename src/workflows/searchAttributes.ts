/**
 * Search attributes that make Årshjul's workflows listable by kommun, organ and status
 * (registered on the dev server with `--search-attribute`, see src/temporal/devServer.ts).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const KOMMUN = defineSearchAttributeKey('ArshjulKommun', SearchAttributeType.KEYWORD);
export const ORGAN = defineSearchAttributeKey('ArshjulOrgan', SearchAttributeType.KEYWORD);
export const STATUS = defineSearchAttributeKey('ArshjulStatus', SearchAttributeType.KEYWORD);

/** Every key, for registering them on a server. */
export const ALL_SEARCH_ATTRIBUTES = [KOMMUN, ORGAN, STATUS];
