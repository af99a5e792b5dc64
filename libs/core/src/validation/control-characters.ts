import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { getArgumentValues, GraphQLResolveInfo } from 'graphql';
import { Observable } from 'rxjs';
import { badInput } from '../errors';

/**
 * C0 controls except tab, line feed and carriage return (kept for multi-line text), DEL, and the C1 controls.
 * NUL among them: PostgreSQL refuses it in text, and none of them belongs in a name, a reason or a cursor.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this rule's whole purpose
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The dotted path of the first string holding a control character (`input.route.0.processCode`), or null. */
export function pathOfControlCharacter(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = pathOfControlCharacter(value[index], path ? `${path}.${index}` : String(index));
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) {
      const found = pathOfControlCharacter(inner, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * One rule for every string argument of every operation and field resolver: a control character is refused with
 * BAD_USER_INPUT naming the field, before any pipe, service or SQL sees the value. The arguments are read as
 * GraphQL coerced them, so the path uses the schema's names (Nest renames some fields for the resolver).
 */
@Injectable()
export class ControlCharactersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      const field = pathOfControlCharacter(argumentsAsSent(gql.getInfo<GraphQLResolveInfo>()) ?? gql.getArgs());
      if (field !== null) throw badInput(field, `${field} must not contain control characters`);
    }
    return next.handle();
  }
}

function argumentsAsSent(info: GraphQLResolveInfo | undefined): Record<string, unknown> | null {
  const definition = info?.parentType.getFields()[info.fieldName];
  if (!info || !definition || !info.fieldNodes[0]) return null;
  return getArgumentValues(definition, info.fieldNodes[0], info.variableValues);
}
