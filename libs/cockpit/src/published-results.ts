/** SQL over the evaluation context's published results, shared by the cockpit's read models. */

/** The latest published version of the park's two latest evaluated years (a correction supersedes its round). */
export const latestPublishedRounds = (parkParameter = '$1') => `
  SELECT DISTINCT ON (year) id, year, version, published_at
    FROM evaluation_rounds WHERE park_id = ${parkParameter} AND status = 'PUBLISHED'
   ORDER BY year DESC, version DESC LIMIT 2`;

/** A published per-mu indicator of a result, whatever the scheme calls it: the figure over land in mu. */
const perMuIndicator = (numerator: string) => (alias: string) => `(
  SELECT indicator->>'value' FROM json_array_elements(${alias}.explanation->'indicators') indicator
   WHERE indicator->'numerator'->>'figure' = '${numerator}' AND indicator->'denominator'->>'figure' = 'landMu' LIMIT 1)`;

export const TAX_PER_MU = perMuIndicator('taxPaid');
export const VALUE_ADDED_PER_MU = perMuIndicator('valueAdded');
