import { registerEnumType } from '@nestjs/graphql';
import { ANNUAL_FIGURE_UNITS_TEXT, AnnualFigureKind } from '../annual-figure-kind';
import { ExportFormat } from '@vg/core';
import { AuditState, FigureSource } from '../figure-provenance';

registerEnumType(AnnualFigureKind, {
  name: 'AnnualFigureKind',
  description: `A yearly figure of a firm's sheet, with its unit: ${ANNUAL_FIGURE_UNITS_TEXT}.`,
});
registerEnumType(FigureSource, {
  name: 'FigureSource',
  description: 'SELF_REPORTED by the firm, IMPORTED from a bureau file, or PLATFORM (delivered proposals × price).',
});
registerEnumType(AuditState, {
  name: 'AuditState',
  description: 'The park’s review: PENDING, then APPROVED or RETURNED (with a reason) to the firm.',
});

export enum ReviewDecision {
  APPROVE = 'APPROVE',
  RETURN = 'RETURN',
}
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });

export { AnnualFigureKind, AuditState, ExportFormat, FigureSource };
