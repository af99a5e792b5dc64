/** The one HTTP client the tests (and the benches) send GraphQL with: a POST of `{ query, variables }`, as any client. */
export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
}

export type GraphqlCall = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
) => Promise<GraphqlResponse<T>>;

/** Sends to `<baseUrl>/graphql`, with the token as a bearer when one is given. */
export function graphqlClient(baseUrl: string): GraphqlCall {
  return async <T>(query: string, variables?: Record<string, unknown>, token?: string) => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphqlResponse<T>, 'status'>;
    return { ...body, status: response.status };
  };
}

/** The first error's code; fails loudly, with the data, when the call unexpectedly succeeded. */
export function errorCode(response: GraphqlResponse<unknown>): string | undefined {
  if (!response.errors?.length) {
    throw new Error(`Expected the call to fail, but it succeeded: ${JSON.stringify(response.data)}`);
  }
  return response.errors[0].extensions?.code;
}

/** What a call came to, for tests that tally many calls: the first error's code, or `OK`. */
export function outcomeCode(response: GraphqlResponse<unknown>): string {
  return response.errors?.[0]?.extensions?.code ?? 'OK';
}

/** Data of a call that must succeed; throws with the errors otherwise, so a test shows why. */
export function dataOf<T>(response: GraphqlResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL call failed: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}
