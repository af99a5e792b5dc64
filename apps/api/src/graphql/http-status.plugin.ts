import { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@vg/core';
import { wantsGraphqlResponseJson } from './response-media-type';

/**
 * HTTP status codes as the GraphQL-over-HTTP spec asks:
 * - a request the server refused before executing (parse, validation, variable coercion, our limits) is 200 for an
 *   `application/json` client, whose body alone tells the outcome; 400 stays for `application/graphql-response+json`;
 * - a response that failed only because a service we need was unavailable is 503 (with Retry-After) for an
 *   `application/graphql-response+json` client, so proxies and clients retry; 200 for `application/json`.
 */
export function httpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (!errors?.length) return;
          const graphqlResponseJson = wantsGraphqlResponseJson(request.http?.headers.get('accept'));
          if (data == null && errors.every((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
            response.http.status = graphqlResponseJson ? 503 : 200;
            if (graphqlResponseJson) response.http.headers.set('retry-after', '2');
            return;
          }
          const status = response.http.status ?? 200;
          if (data === undefined && !graphqlResponseJson && status >= 400 && status < 500) response.http.status = 200;
        },
      };
    },
  };
}
