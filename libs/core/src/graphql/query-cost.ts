import { Extensions } from '@nestjs/graphql';
import {
  ASTVisitor,
  FragmentDefinitionNode,
  GraphQLError,
  OperationDefinitionNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** What one document may spend on operations marked with `@Cost`. */
export const EXPENSIVE_FIELDS_BUDGET = 100;

/**
 * Marks a field as expensive: each occurrence in a document (aliases and fragments included) spends `weight` of the
 * document's budget, checked before anything runs. Unmarked fields are left to the general cost limit.
 */
export const Cost = (weight: number) => Extensions({ cost: weight });

type Definition = OperationDefinitionNode | FragmentDefinitionNode;

/** Refuses a document whose `@Cost` fields add up to more than the budget, naming the costliest field. */
export function weightedCostRule(budget = EXPENSIVE_FIELDS_BUDGET): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const own = new Map<Definition, { total: number; fields: Map<string, number> }>();
    const spreads = new Map<Definition, string[]>();
    const fragments = new Map<string, FragmentDefinitionNode>();
    let current: Definition | null = null;
    const enter = (node: Definition) => {
      current = node;
      own.set(node, { total: 0, fields: new Map() });
      spreads.set(node, []);
    };
    const costOf = (definition: Definition, seen: Set<Definition>): { total: number; fields: Map<string, number> } => {
      const mine = own.get(definition) ?? { total: 0, fields: new Map<string, number>() };
      const result = { total: mine.total, fields: new Map(mine.fields) };
      for (const name of spreads.get(definition) ?? []) {
        const fragment = fragments.get(name);
        // A fragment cycle is refused by graphql-js's own rule; here it must only not loop.
        if (!fragment || seen.has(fragment)) continue;
        const inner = costOf(fragment, new Set([...seen, fragment]));
        result.total += inner.total;
        for (const [field, weight] of inner.fields) result.fields.set(field, weight);
      }
      return result;
    };
    return {
      OperationDefinition: { enter },
      FragmentDefinition: {
        enter(node) {
          fragments.set(node.name.value, node);
          enter(node);
        },
      },
      Field() {
        const field = context.getFieldDef();
        const weight = field?.extensions?.cost;
        const entry = current ? own.get(current) : undefined;
        if (!field || !entry || typeof weight !== 'number') return;
        entry.total += weight;
        entry.fields.set(field.name, weight);
      },
      FragmentSpread(node) {
        if (current) spreads.get(current)?.push(node.name.value);
      },
      Document: {
        leave() {
          for (const definition of own.keys()) {
            if (definition.kind !== 'OperationDefinition') continue;
            const { total, fields } = costOf(definition, new Set());
            if (total <= budget) continue;
            const named = [...fields].map(([field, weight]) => `${field} costs ${weight}`).join(', ');
            context.reportError(
              new GraphQLError(
                `Document cost ${total} exceeds the limit of ${budget} for expensive fields (${named} each)`,
                { nodes: [definition], extensions: { code: 'BAD_USER_INPUT' } },
              ),
            );
          }
        },
      },
    };
  };
}
