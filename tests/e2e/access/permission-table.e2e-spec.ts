/**
 * The permission table, generated from the schema: every Query, Mutation and Subscription field with the roles its
 * `access` extension declares (written by `@Roles`/`@Public`), compared with `permission-table.json`. A permission
 * change therefore shows up in review as a diff of that file.
 *
 * After an intended change, regenerate the file and review the diff:
 *   UPDATE_PERMISSION_TABLE=1 npx jest tests/e2e/access/permission-table
 */
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AccessGuard, AppError, Public, Role, Roles } from '@vg/core';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { writeFileSync } from 'node:fs';
import {
  PERMISSION_TABLE_FILE,
  permissionsOfSchema,
  readPermissionTable,
  SchemaPermissions,
} from '../../support/permission-table';
import { startTestApp, TestApp } from '../../support/test-app';

const UPDATE = process.env.UPDATE_PERMISSION_TABLE === '1';

describe('permission table generated from the schema', () => {
  let app: TestApp;
  let generated: SchemaPermissions;

  beforeAll(async () => {
    app = await startTestApp();
    generated = permissionsOfSchema(app.app.get(GraphQLSchemaHost).schema);
    if (UPDATE && generated.undeclared.length === 0) {
      writeFileSync(PERMISSION_TABLE_FILE, `${JSON.stringify(generated.table, null, 2)}\n`);
    }
  });
  afterAll(() => app.close());

  it('finds every operation with a declaration (add @Roles(...) or @Public() to those listed)', () => {
    if (generated.undeclared.length) {
      throw new Error(
        `Operations without an access declaration (refused at run time, missing from the table): ${generated.undeclared.join(', ')}`,
      );
    }
    expect(Object.keys(generated.table).length).toBeGreaterThan(0);
  });

  it('matches the checked-in permission-table.json (UPDATE_PERMISSION_TABLE=1 rewrites it)', () => {
    expect(generated.table).toEqual(readPermissionTable());
  });

  it('declares only known roles, sorted, or PUBLIC', () => {
    const known = new Set<string>(Object.values(Role));
    for (const [operation, access] of Object.entries(generated.table)) {
      if (access === 'PUBLIC') continue;
      const roles = access.split(',');
      expect({ operation, unknown: roles.filter((role) => !known.has(role)) }).toEqual({ operation, unknown: [] });
      expect({ operation, roles }).toEqual({ operation, roles: [...roles].sort() });
    }
  });
});

describe('the table builder itself', () => {
  const schemaWith = (extensions: Record<string, unknown> | undefined) =>
    new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          declared: { type: GraphQLString, extensions: { access: 'BUYER' } },
          forgotten: { type: GraphQLString, extensions },
        },
      }),
      mutation: new GraphQLObjectType({
        name: 'Mutation',
        fields: { open: { type: GraphQLString, extensions: { access: 'PUBLIC' } } },
      }),
    });

  it.each([
    ['when a field has no extensions at all', undefined],
    ['when a field has other extensions but no access', { complexity: 1 }],
    ['when a field has an empty access', { access: '' }],
  ])('reports the field as undeclared %s', (_situation, extensions) => {
    expect(permissionsOfSchema(schemaWith(extensions))).toEqual({
      table: { 'Mutation.open': 'PUBLIC', 'Query.declared': 'BUYER' },
      undeclared: ['Query.forgotten'],
    });
  });
});

describe('AccessGuard: deny by default', () => {
  class SomeResolver {
    undeclared() {}

    @Public()
    open() {}

    @Roles(Role.PARK_ADMIN)
    parkAdminsOnly() {}
  }

  const contextFor = (handler: () => void, headers: Record<string, string> = {}): ExecutionContext =>
    ({
      getHandler: () => handler,
      getClass: () => SomeResolver,
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => ({ headers }), getResponse: () => ({}) }),
    }) as unknown as ExecutionContext;

  const guard = new AccessGuard(new Reflector());

  it('refuses a handler without a declaration as FORBIDDEN', async () => {
    const refusal = await guard.canActivate(contextFor(SomeResolver.prototype.undeclared)).catch((error) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a handler without a declaration even with a bearer token', async () => {
    const context = contextFor(SomeResolver.prototype.undeclared, { authorization: 'Bearer anything' });
    await expect(guard.canActivate(context)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a @Public() handler through without a token', async () => {
    await expect(guard.canActivate(contextFor(SomeResolver.prototype.open))).resolves.toBe(true);
  });

  it('asks for authentication on a @Roles() handler called without a token', async () => {
    await expect(guard.canActivate(contextFor(SomeResolver.prototype.parkAdminsOnly))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
