import { Injectable } from '@nestjs/common';
import { capacityByPeriod, capacityOnDay } from '@vg/capacity';
import { todayInChina, toModel, UnitOfWork } from '@vg/core';
import { processLabels } from '@vg/firms';
import { assertWindow, ratio, toInt } from './cockpit-figures';
import {
  CapacityCellModel,
  CapacityGranularity,
  CockpitCapacityModel,
  IdleCapacityModel,
  ProcessLabelModel,
  ProcessUtilisationModel,
} from './dto/cockpit-capacity.models';

const MAX_DAYS: Record<CapacityGranularity, number> = { DAY: 92, WEEK: 371 };

/**
 * Listed against booked capacity of a park, per process and day or week, and what is idle today: three queries
 * (capacity's sums over its slots and the catalogue's process names).
 */
@Injectable()
export class CapacityCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async capacity(
    parkId: string,
    from: string,
    to: string,
    granularity: CapacityGranularity,
  ): Promise<CockpitCapacityModel> {
    assertWindow(from, to, MAX_DAYS[granularity]);
    const today = todayInChina();
    const manager = this.unitOfWork.manager;
    const [cells, idle, labels] = await Promise.all([
      capacityByPeriod(manager, parkId, from, to, granularity === CapacityGranularity.WEEK ? 7 : 1),
      capacityOnDay(manager, parkId, today),
      processLabels(manager, parkId),
    ]);
    const totals = new Map<string, { listed: number; booked: number }>();
    for (const cell of cells) {
      const total = totals.get(cell.processCode) ?? { listed: 0, booked: 0 };
      total.listed += toInt(cell.listed);
      total.booked += toInt(cell.booked);
      totals.set(cell.processCode, total);
    }
    const used = new Set([...totals.keys(), ...idle.map((row) => row.processCode)]);
    return toModel(CockpitCapacityModel, {
      parkId,
      from,
      to,
      granularity,
      today,
      cells: cells.map((cell) =>
        toModel(CapacityCellModel, {
          processCode: cell.processCode,
          period: cell.period,
          listed: toInt(cell.listed),
          booked: toInt(cell.booked),
          utilisation: cell.utilisation,
        }),
      ),
      byProcess: [...totals.entries()].map(([processCode, total]) =>
        toModel(ProcessUtilisationModel, {
          processCode,
          listed: total.listed,
          booked: total.booked,
          utilisation: ratio(total.booked, total.listed),
        }),
      ),
      idleNow: idle.map((row) =>
        toModel(IdleCapacityModel, {
          processCode: row.processCode,
          listed: toInt(row.listed),
          booked: toInt(row.booked),
          idle: toInt(row.listed) - toInt(row.booked),
          firmsWithIdleCapacity: row.firmsWithFreeCapacity,
        }),
      ),
      processes: labels.filter((label) => used.has(label.code)).map(ProcessLabelModel.from),
    });
  }
}
