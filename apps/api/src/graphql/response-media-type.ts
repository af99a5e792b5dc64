const APPLICATION_JSON = 'application/json';
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

interface AcceptEntry {
  type: string;
  subtype: string;
  q: number;
  index: number;
}

/**
 * Whether a response goes out as `application/graphql-response+json` (rather than `application/json`), decided the
 * way Apollo Server negotiates it (the `negotiator` rules: quality, then specificity, then the order the client gave;
 * application/json on a tie). No Accept header means application/json, as the GraphQL-over-HTTP spec asks.
 */
export function wantsGraphqlResponseJson(accept: string | null | undefined): boolean {
  if (!accept) return false;
  const entries = parseAccept(accept);
  const json = priorityOf(APPLICATION_JSON, entries);
  const graphqlResponse = priorityOf(GRAPHQL_RESPONSE_JSON, entries);
  if (!graphqlResponse || graphqlResponse.q <= 0) return false;
  if (!json || json.q <= 0) return true;
  return (
    graphqlResponse.q > json.q ||
    (graphqlResponse.q === json.q &&
      (graphqlResponse.s > json.s || (graphqlResponse.s === json.s && graphqlResponse.index < json.index)))
  );
}

function parseAccept(accept: string): AcceptEntry[] {
  return accept.split(',').flatMap((part, index) => {
    const [range, ...parameters] = part.trim().split(';');
    const [type, subtype] = range.trim().toLowerCase().split('/');
    if (!type || !subtype) return [];
    const quality = parameters.map((parameter) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(parameter)).find(Boolean);
    return [{ type, subtype, q: quality ? Number(quality[1]) : 1, index }];
  });
}

/** The best Accept entry for a media type: the most specific match, then the highest quality. */
function priorityOf(mediaType: string, entries: AcceptEntry[]): { q: number; s: number; index: number } | null {
  const [type, subtype] = mediaType.split('/');
  let best: { q: number; s: number; index: number } | null = null;
  for (const entry of entries) {
    const s =
      entry.type === type && entry.subtype === subtype
        ? 2
        : entry.type === type && entry.subtype === '*'
          ? 1
          : entry.type === '*' && entry.subtype === '*'
            ? 0
            : -1;
    if (s < 0) continue;
    if (!best || s > best.s || (s === best.s && entry.q > best.q)) best = { q: entry.q, s, index: entry.index };
  }
  return best;
}
