/**
 * Where output's services took the firm scope from before the access policy moved to core and firms: the firm
 * whose figures the caller may read (firms applies the policy's firm rule) and the firm an owner acts for.
 */
export { readableFirm } from '@vg/firms';
export { ownFirmId } from '@vg/core';
