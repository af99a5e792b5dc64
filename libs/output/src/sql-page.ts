import { decodeCursor, encodeCursor, Page, PageArgs } from '@vg/core';
import { EntityManager } from 'typeorm';

/**
 * Keyset pagination over a plain SQL query (for read models that are not one entity): `select` is a complete
 * SELECT without ORDER BY or LIMIT, and `key` one of its output columns, unique per row.
 */
export async function paginateSql<T extends Record<string, unknown>>(
  manager: EntityManager,
  select: string,
  parameters: unknown[],
  page: PageArgs,
  key: string,
): Promise<Page<T>> {
  const afterKey = page.after ? decodeCursor(page.after) : null;
  const [[{ total }], rows] = await Promise.all([
    manager.query(`SELECT COUNT(*)::int AS total FROM (${select}) AS counted`, parameters),
    manager.query(
      `SELECT * FROM (${select}) AS paged
        WHERE $${parameters.length + 1}::text IS NULL OR paged.${key}::text > $${parameters.length + 1}::text
        ORDER BY paged.${key}::text LIMIT $${parameters.length + 2}`,
      [...parameters, afterKey, page.first + 1],
    ) as Promise<T[]>,
  ]);
  const nodes = rows.slice(0, page.first);
  const last = nodes.at(-1);
  return {
    nodes,
    totalCount: total,
    hasNextPage: rows.length > page.first,
    endCursor: last ? encodeCursor(String(last[key])) : null,
  };
}
