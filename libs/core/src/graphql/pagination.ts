import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;

/** Every list takes a required, capped page size (1–100) and an opaque cursor. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { description: 'Page size, 1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Page<T> {
  nodes: T[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the Relay connection type for `node` (`<Name>Connection` with `<Name>Edge`). */
export function Connection<T>(node: Type<T>, name = node.name): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class NodeConnection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [node])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return NodeConnection;
}

export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('k:') || decoded.length > 120) throw badInput('after', 'Cursor is not valid');
  return decoded.slice(2);
}

/**
 * Keyset pagination on a unique text key (ids by default): stable under inserts and cheap at any depth. The count
 * runs on the same filtered query, so `totalCount` always matches what paging would return.
 */
export async function paginate<E extends ObjectLiteral>(
  query: SelectQueryBuilder<E>,
  args: PageArgs,
  keyColumn = `${query.alias}.id`,
  keyOf: (entity: E) => string = (entity) => String(entity.id),
): Promise<Page<E>> {
  const totalCount = await query.clone().getCount();
  const paged = query.clone();
  if (args.after) paged.andWhere(`${keyColumn}::text > :afterKey`, { afterKey: decodeCursor(args.after) });
  const rows = await paged
    .orderBy(`${keyColumn}::text`, 'ASC')
    .take(args.first + 1)
    .getMany();
  const nodes = rows.slice(0, args.first);
  const last = nodes.at(-1);
  return {
    nodes,
    totalCount,
    hasNextPage: rows.length > args.first,
    endCursor: last ? encodeCursor(keyOf(last)) : null,
  };
}

/** Maps a page of entities to the connection shape of their GraphQL model. */
export function toConnection<E, T>(
  page: Page<E>,
  map: (entity: E) => T,
  keyOf: (entity: E) => string,
): ConnectionShape<T> {
  const edges = page.nodes.map((entity) => ({ cursor: encodeCursor(keyOf(entity)), node: map(entity) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}

/** Pages an in-memory, already-sorted list the same way (for small computed lists). */
export function paginateArray<T>(items: T[], args: PageArgs, keyOf: (item: T) => string): Page<T> {
  const afterKey = args.after ? decodeCursor(args.after) : null;
  const start = afterKey === null ? 0 : items.findIndex((item) => keyOf(item) > afterKey);
  const rest = start < 0 ? [] : items.slice(start);
  const nodes = rest.slice(0, args.first);
  const last = nodes.at(-1);
  return {
    nodes,
    totalCount: items.length,
    hasNextPage: rest.length > args.first,
    endCursor: last ? encodeCursor(keyOf(last)) : null,
  };
}
