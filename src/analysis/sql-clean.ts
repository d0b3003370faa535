/**
 * The `clean` relation every analysis query reads: each event once, in a total order, with the
 * derived columns the queries share.
 */
import { copyOrderSql } from './copy-order';
import type { Dialect } from './sql-dialect';

/**
 * Every event once: the first copy of each event_id (a retried batch can deliver one twice) in
 * a total order, the earliest then the smallest by every column read (./copy-order.ts),
 * rows without an id or a usable timestamp, or stamped after `latest`, left out, and the
 * derived columns the queries share. A blank unit_id is NULL: missing, never one shared id
 * (named apart first, as ClickHouse wants no alias equal to a column it uses).
 *
 * Only the copies of an id that comes more than once are ordered: a window over every row with
 * that long an order cost a third more memory than `ORDER BY ts` did (3 M events in DuckDB, all
 * of them copies), while the ids that come once (all but a few per thousand) need no order at all.
 */
export function cleanSelect(d: Dialect, table: string, latest: string): string {
  const usable = `event_id IS NOT NULL AND ts IS NOT NULL AND ${d.ms} <= ${latest}`;
  const repeated = `SELECT event_id FROM ${table} WHERE ${usable} GROUP BY event_id HAVING count(*) > 1`;
  const unitKey = `CASE WHEN ${d.blank('unit_id')} THEN NULL ELSE unit_id END AS unit_key`;
  return `SELECT event_id, type, name, ${d.ms} AS ms, user_id, account_id, anonymous_id,
    item_id, item_type, coalesce(item_version, 1) AS item_ver,
    experiment, variation, coalesce(bucket_version, 0) AS bucket, unit, unit_key AS unit_id,
    CASE WHEN counterfactual THEN 1 ELSE 0 END AS is_cf,
    CASE WHEN forced THEN 1 ELSE 0 END AS is_forced,
    step, origin, ${d.helpful} AS helpful
  FROM (
    SELECT *, 1 AS copy_no, ${unitKey}
    FROM ${table}
    WHERE ${usable} AND event_id NOT IN (${repeated})
    UNION ALL
    SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ${copyOrderSql(d)}) AS copy_no, ${unitKey}
    FROM ${table}
    WHERE ${usable} AND event_id IN (${repeated})
  ) deduped
  WHERE copy_no = 1`;
}
