import { ApolloServerPlugin } from '@apollo/server';
import { metrics } from '@vg/core';
import { Kind, OperationDefinitionNode } from 'graphql';

/** Requests that never reached an operation (unparsable, invalid document) are counted under this name. */
const NOT_RESOLVED = '(invalid)';

/**
 * Latency per GraphQL operation and errors per code. The operation is named by its root fields (`postOrder`,
 * `replanJobs`), never by the client's free-text operation name, so the labels stay as few as the schema's fields.
 */
export function metricsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stop = metrics.graphqlDuration.startTimer();
      let operation = NOT_RESOLVED;
      let type = 'unknown';
      return {
        async didResolveOperation({ operation: definition }) {
          if (!definition) return;
          operation = rootFields(definition);
          type = definition.operation;
        },
        async willSendResponse({ response }) {
          stop({ operation, type });
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN';
            metrics.graphqlErrors.inc({ operation, code });
          }
        },
      };
    },
  };
}

function rootFields(definition: OperationDefinitionNode): string {
  const names = definition.selectionSet.selections
    .filter((selection) => selection.kind === Kind.FIELD)
    .map((selection) => selection.name.value)
    .filter((name) => name !== '__typename');
  const unique = [...new Set(names)].sort();
  return unique.length ? unique.slice(0, 3).join(',') + (unique.length > 3 ? ',…' : '') : '__typename';
}
