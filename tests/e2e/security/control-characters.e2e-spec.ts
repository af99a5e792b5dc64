import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLEnumType,
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  GraphQLSchema,
  isCompositeType,
} from 'graphql';
import { loginAll, seedBase, Tokens } from '../../support/seed';
import { startTestApp, TestApp } from '../../support/test-app';

/** Valid values for every scalar the schema uses, so only the planted control character is wrong. */
const SAMPLE_SCALARS: Record<string, unknown> = {
  String: 'x',
  ID: '00000000-0000-4000-8000-0000000000a1',
  Int: 1,
  Float: 1,
  Boolean: true,
  Date: '2026-01-05',
  DateTime: '2026-01-05T08:00:00.000Z',
  Decimal: '1.00',
};
const NOT_TEXT = new Set(['Int', 'Float', 'Boolean']);
const BAD = 'bad\u0000value';

/** One signed-in caller per role, to reach each operation past the guard. */
const CALLER_OF_ROLE: Record<string, keyof Tokens> = {
  PLATFORM_ADMIN: 'platformAdmin',
  PARK_ADMIN: 'parkAdminA',
  SME_OWNER: 'ownerA1',
  BUYER: 'buyer1',
};

interface Case {
  operation: string;
  path: string;
  document: string;
  variables: Record<string, unknown>;
  caller: keyof Tokens | null;
}

/** A valid value of the type; `target` (a dotted path inside it) holds the control character instead. */
function sampleOf(type: GraphQLInputType, target: string[] | null, depth = 0): unknown {
  if (type instanceof GraphQLNonNull) return sampleOf(type.ofType, target, depth);
  if (type instanceof GraphQLList) return [sampleOf(type.ofType, target ? target.slice(1) : null, depth)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
  if (type instanceof GraphQLScalarType) {
    if (target && target.length === 0) return BAD;
    if (!(type.name in SAMPLE_SCALARS)) throw new Error(`No sample value for scalar ${type.name}`);
    return SAMPLE_SCALARS[type.name];
  }
  const object: Record<string, unknown> = {};
  for (const field of Object.values((type as GraphQLInputObjectType).getFields())) {
    const onPath = target?.[0] === field.name;
    if (!onPath && !(field.type instanceof GraphQLNonNull)) continue;
    if (depth > 6) continue;
    object[field.name] = sampleOf(field.type, onPath ? target!.slice(1) : null, depth + 1);
  }
  return object;
}

/** Dotted paths (list elements as `.0`) to every text leaf of an input type, nested input fields included. */
function textPaths(type: GraphQLInputType, prefix: string, seen = new Set<string>()): string[] {
  if (type instanceof GraphQLNonNull) return textPaths(type.ofType, prefix, seen);
  if (type instanceof GraphQLList) return textPaths(type.ofType, `${prefix}.0`, seen);
  if (type instanceof GraphQLEnumType) return [];
  if (type instanceof GraphQLScalarType) return NOT_TEXT.has(type.name) ? [] : [prefix];
  const input = type as GraphQLInputObjectType;
  if (seen.has(input.name)) return [];
  const inner = new Set([...seen, input.name]);
  return Object.values(input.getFields()).flatMap((field) => textPaths(field.type, `${prefix}.${field.name}`, inner));
}

function casesOf(schema: GraphQLSchema): Case[] {
  const cases: Case[] = [];
  for (const [kind, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    if (!root) continue;
    for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
      const access = String(field.extensions?.access ?? '');
      const caller = access === 'PUBLIC' ? null : CALLER_OF_ROLE[access.split(',')[0]];
      for (const argument of field.args) {
        for (const path of textPaths(argument.type, argument.name)) {
          cases.push({
            operation: `${root.name}.${field.name}`,
            path,
            caller,
            ...documentFor(kind, field, argument, path),
          });
        }
      }
    }
  }
  return cases;
}

function documentFor(kind: string, field: GraphQLField<unknown, unknown>, target: GraphQLArgument, path: string) {
  const used = field.args.filter((argument) => argument === target || argument.type instanceof GraphQLNonNull);
  const variables = Object.fromEntries(
    used.map((argument) => [
      argument.name,
      sampleOf(argument.type, argument === target ? path.split('.').slice(1) : null),
    ]),
  );
  const declarations = used.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(', ');
  const passed = used.map((argument) => `${argument.name}: $${argument.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    document: `${kind} (${declarations}) { ${field.name}(${passed})${selection} }`,
    variables,
  };
}

/**
 * Walks the schema: every query and mutation, every argument, every nested input field and list element whose type
 * is text (String, ID and the string scalars), each tried with a NUL planted there and everything else valid.
 * (Subscriptions take their arguments over WebSocket; the same interceptor runs for them.)
 */
describe('control characters, refused in every string argument of every operation', () => {
  let app: TestApp;
  let tokens: Tokens;
  let cases: Case[];

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    cases = casesOf(app.app.get(GraphQLSchemaHost).schema);
  });
  afterAll(() => app.close());

  it('finds the string arguments, nested input fields and cursors to try', () => {
    expect(cases.length).toBeGreaterThan(100);
    const paths = cases.map((testCase) => `${testCase.operation}:${testCase.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'Mutation.postOrder:input.product',
        'Mutation.postOrder:input.idempotencyKey',
        'Mutation.postOrder:input.route.0.processCode',
        'Query.firms:after',
        'Mutation.createFirm:input.address',
        'Mutation.registerBuyer:input.organisationName',
      ]),
    );
  });

  it('answers each with BAD_USER_INPUT naming the field, and runs nothing', async () => {
    const wrong: unknown[] = [];
    for (const testCase of cases) {
      const token = testCase.caller ? tokens[testCase.caller] : undefined;
      const response = await app.gql(testCase.document, testCase.variables, token);
      const error = response.errors?.[0];
      const field = error?.extensions?.field?.replace(/\[(\d+)\]/g, '.$1');
      const [operationField] = testCase.operation.split('.').slice(1);
      const ran = response.data?.[operationField] != null;
      if (error?.extensions?.code !== 'BAD_USER_INPUT' || field !== testCase.path || ran) {
        wrong.push({ operation: testCase.operation, path: testCase.path, got: response.errors ?? response.data });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('leaves newlines and tabs alone (multi-line text is text)', async () => {
    const response = await app.gql(
      'mutation ($input: RegisterBuyerInput!) { registerBuyer(input: $input) { user { id } } }',
      {
        input: {
          email: 'lines@vg.test',
          password: 'long-enough-pass',
          displayName: 'Two\tparts',
          organisationName: 'Shop\r\nSecond line',
        },
      },
    );
    expect(response.errors).toBeUndefined();
  });

  it.each([
    ['NUL', '\u0000'],
    ['escape', '\u001b'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
  ])('refuses %s anywhere in a value', async (_name, character) => {
    const response = await app.gql(
      'mutation ($input: RegisterBuyerInput!) { registerBuyer(input: $input) { user { id } } }',
      {
        input: {
          email: 'control@vg.test',
          password: 'long-enough-pass',
          displayName: 'Name',
          organisationName: `Shop ${character} Ltd`,
        },
      },
    );
    expect(response.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.organisationName' });
    expect(await app.dataSource.query(`SELECT 1 FROM users WHERE email = 'control@vg.test'`)).toHaveLength(0);
  });
});
