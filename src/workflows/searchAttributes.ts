/**
 * Search attributes that make Årshjul's workflows listable by kommun, organ and status
 * (registered on the dev server with `--search-attribute`, see src/temporal/devServer.ts).
 */
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type SearchAttributePair,
  type TypedSearchAttributes,
} from '@temporalio/common';

export const KOMMUN = defineSearchAttributeKey('ArshjulKommun', SearchAttributeType.KEYWORD);
export const ORGAN = defineSearchAttributeKey('ArshjulOrgan', SearchAttributeType.KEYWORD);
export const STATUS = defineSearchAttributeKey('ArshjulStatus', SearchAttributeType.KEYWORD);

/** Every key, for registering them on a server. */
export const ALL_SEARCH_ATTRIBUTES = [KOMMUN, ORGAN, STATUS];

/**
 * A task's search attributes, given at its start by whoever starts it (its report process, its meeting): then
 * its run need not upsert them, an event less in every task's history (uppgift, patch V3).
 */
export function uppgiftensSokattribut(spec: { kommun: string; organ?: string }): SearchAttributePair[] {
  return [
    { key: KOMMUN, value: spec.kommun },
    ...(spec.organ !== undefined ? [{ key: ORGAN, value: spec.organ }] : []),
  ];
}

/** Whether a run was started with the task's search attributes already set. */
export function harUppgiftensSokattribut(
  satta: TypedSearchAttributes,
  spec: { kommun: string; organ?: string },
): boolean {
  return uppgiftensSokattribut(spec).every((p) => satta.get(p.key) === p.value);
}
