import { Injectable } from '@nestjs/common';
import { conflict } from '@vg/core';
import { FirmScale, firmYearProfiles } from '@vg/firms';
import { currentFiguresOfPark } from '@vg/output';
import { EntityManager } from 'typeorm';
import type { FirmFigures, FirmYearInput } from './engine';
import type { StoredInput } from './evaluation-result.entity';
import { ENGINE_FIGURE_KEY } from './figure-keys';

export interface Population {
  /** Firm id order, as the engine will sort it anyway. */
  firms: StoredInput[];
  unconfirmedSheets: number;
  /** Firms with figures but no scale recorded for the year. */
  withoutScale: string[];
}

/**
 * A park's population for a year in two set-based queries, whatever its size: output's current, not returned
 * figures of every firm that has one (each with the id of the version it came from, where its source, import job
 * and review are) and whether the firm confirmed its sheet; then the firms lib's profile of the park's firms for
 * the year: scale, certified land (exact mu) and whether any plot is its own. A firm without a scale for the year is
 * graded 规下 only when the caller says so (`unlistedAsBelowScale`): the round's readiness refuses otherwise.
 */
@Injectable()
export class PopulationLoader {
  async load(manager: EntityManager, parkId: string, year: number, unlistedAsBelowScale: boolean): Promise<Population> {
    const figures = await currentFiguresOfPark(manager, parkId, year);
    const profiles = await firmYearProfiles(manager, parkId, year);
    let unconfirmedSheets = 0;
    const withoutScale: string[] = [];
    const firms = figures.map((firm): StoredInput => {
      // A park's figures are filed under its own firms (the figure writer takes the firm's park).
      const profile = profiles.get(firm.firmId)!;
      if (!firm.sheetConfirmed) unconfirmedSheets++;
      const values: FirmFigures = {};
      const origins: StoredInput['origins'] = {};
      for (const { kind, value, figureId } of firm.figures) {
        const key = ENGINE_FIGURE_KEY[kind];
        values[key] = value;
        origins[key] = { figureId };
      }
      if (profile.landMu !== null) {
        values.landMu = profile.landMu;
        origins.landMu = { landPlotIds: profile.plotIds };
      }
      if (profile.scale === null) withoutScale.push(firm.firmId);
      const input: FirmYearInput = {
        firmId: firm.firmId,
        scale: profile.scale === FirmScale.ABOVE ? 'above' : 'below',
        hasOwnLand: profile.hasOwnLand,
        industryGroup: profile.industryGroup,
        figures: values,
      };
      return { input, origins, sheetConfirmed: firm.sheetConfirmed };
    });
    if (withoutScale.length && !unlistedAsBelowScale) {
      throw conflict(
        `${withoutScale.length} firm(s) with figures have no scale for ${year}: import the statistics bureau's list ` +
          'of 规上 firms, or compute with treatUnlistedAsBelowScale',
        'treatUnlistedAsBelowScale',
      );
    }
    return { firms, unconfirmedSheets, withoutScale };
  }
}
