/**
 * ECharts options built from the cockpit's GraphQL answers. Figures arrive as exact decimal strings; they become
 * numbers only here, for drawing (the tables and KPIs show the strings' own rounding).
 */
import { t } from './i18n.js';

const CLASSES = ['A', 'B', 'C', 'D'];
const CLASS_COLOURS = { A: '#15803d', B: '#2563eb', C: '#d97706', D: '#b91c1c' };
const wan = (yuan) => Number(yuan) / 10_000;
const round1 = (value) => Math.round(value * 10) / 10;

export function processName(processes, code, language) {
  const process = processes.find((candidate) => candidate.code === code);
  if (!process) return code;
  return language === 'en' ? process.nameEn : process.nameZh;
}

const grid = { left: 56, right: 16, top: 34, bottom: 30 };
const legend = { top: 0, textStyle: { fontSize: 11 } };

export function outputTrendOption(output) {
  const months = output.months.map((row) => row.month);
  // Platform orders are a small part of a park's output: they get their own axis, so their trend stays visible.
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid: { ...grid, right: 56 },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', name: t('outputValue') },
      { type: 'value', name: t('platformOutput'), splitLine: { show: false } },
    ],
    series: [
      {
        name: t('outputValue'),
        type: 'line',
        smooth: true,
        data: output.months.map((row) => round1(wan(row.outputValue))),
      },
      {
        name: t('platformOutput'),
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 14,
        itemStyle: { color: '#b91c1c' },
        data: output.months.map((row) => round1(wan(row.platformOutput))),
      },
    ],
  };
}

export function industryOption(output) {
  const months = [...new Set(output.byIndustryGroup.map((row) => row.month))].sort();
  const groups = [...new Set(output.byIndustryGroup.map((row) => row.industryGroup))];
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid,
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value' },
    series: groups.map((group) => ({
      name: group,
      type: 'bar',
      stack: 'output',
      data: months.map((month) => {
        const row = output.byIndustryGroup.find((item) => item.industryGroup === group && item.month === month);
        return row ? round1(wan(row.outputValue)) : 0;
      }),
    })),
  };
}

export function stageOption(output, language) {
  const totals = new Map();
  for (const row of output.byStage)
    totals.set(row.processCode, (totals.get(row.processCode) ?? 0) + wan(row.platformOutput));
  const codes = [...totals.keys()].sort((a, b) => totals.get(a) - totals.get(b));
  return {
    tooltip: { trigger: 'axis' },
    grid: { ...grid, left: 90, top: 10 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: codes.map((code) => processName(output.processes, code, language)) },
    series: [{ name: t('platformOutput'), type: 'bar', data: codes.map((code) => round1(totals.get(code))) }],
  };
}

export function utilisationOption(capacity, language) {
  const days = [...new Set(capacity.cells.map((cell) => cell.period))].sort();
  const codes = [...new Set(capacity.cells.map((cell) => cell.processCode))].sort();
  return {
    tooltip: {
      position: 'top',
      formatter: (point) => {
        const cell = capacity.cells.find(
          (item) => item.period === days[point.value[0]] && item.processCode === codes[point.value[1]],
        );
        return (
          `${days[point.value[0]]} ${processName(capacity.processes, codes[point.value[1]], language)}<br/>` +
          `${t('booked')} ${cell.booked} / ${t('listed')} ${cell.listed} (${(Number(cell.utilisation) * 100).toFixed(1)}%)`
        );
      },
    },
    grid: { left: 90, right: 64, top: 10, bottom: 30 },
    xAxis: { type: 'category', data: days.map((day) => day.slice(5)), splitArea: { show: true } },
    yAxis: { type: 'category', data: codes.map((code) => processName(capacity.processes, code, language)) },
    visualMap: {
      min: 0,
      max: 1,
      calculable: true,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      itemHeight: 120,
      inRange: { color: ['#dbeafe', '#3b82f6', '#1e3a8a'] },
      formatter: (value) => `${Math.round(value * 100)}%`,
    },
    series: [
      {
        type: 'heatmap',
        data: capacity.cells.map((cell) => [
          days.indexOf(cell.period),
          codes.indexOf(cell.processCode),
          Number(cell.utilisation),
        ]),
        emphasis: { itemStyle: { borderColor: '#111', borderWidth: 1 } },
      },
    ],
  };
}

export function ordersOption(orders) {
  const steps = ['posted', 'planned', 'confirmed', 'delivered', 'cancelled'];
  return {
    tooltip: { trigger: 'axis' },
    grid: { ...grid, top: 24 },
    xAxis: { type: 'category', data: steps.map((step) => t(step)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: steps.map((step) => orders.totals[step]),
        itemStyle: { color: '#b91c1c' },
        label: { show: true, position: 'top' },
      },
    ],
  };
}

export function upliftOption(uplift) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { ...grid, top: 10 },
    xAxis: {
      type: 'category',
      name: t('upliftPercent'),
      nameLocation: 'middle',
      nameGap: 22,
      data: uplift.buckets.map((bucket) => bucketLabel(bucket)),
    },
    yAxis: { type: 'value', minInterval: 1, name: t('firms') },
    series: [
      {
        name: t('firms'),
        type: 'bar',
        data: uplift.buckets.map((bucket) => ({
          value: bucket.firms,
          itemStyle: {
            color: bucket.upperPercent !== null && Number(bucket.upperPercent) <= 0 ? '#d97706' : '#15803d',
          },
        })),
      },
    ],
  };
}

function bucketLabel(bucket) {
  if (bucket.lowerPercent === null) return `<${bucket.upperPercent}`;
  if (bucket.upperPercent === null) return `≥${bucket.lowerPercent}`;
  return `${bucket.lowerPercent}~${bucket.upperPercent}`;
}

export function classesOption(evaluation) {
  const byClass = new Map(evaluation.classes.map((row) => [row.class, row]));
  return {
    tooltip: { trigger: 'axis' },
    legend,
    grid: { ...grid, right: 48 },
    xAxis: { type: 'category', data: CLASSES },
    yAxis: [
      { type: 'value', minInterval: 1, name: t('firms') },
      { type: 'value', max: 100, name: '%', splitLine: { show: false } },
    ],
    series: [
      {
        name: t('firms'),
        type: 'bar',
        data: CLASSES.map((klass) => ({
          value: byClass.get(klass)?.firms ?? 0,
          itemStyle: { color: CLASS_COLOURS[klass] },
        })),
      },
      {
        name: t('landShare'),
        type: 'line',
        yAxisIndex: 1,
        data: CLASSES.map((klass) => round1(Number(byClass.get(klass)?.landShare ?? 0) * 100)),
      },
    ],
  };
}

export function movementOption(evaluation) {
  const max = Math.max(1, ...evaluation.movement.map((row) => row.firms));
  return {
    tooltip: {
      formatter: (point) => `${CLASSES[point.value[1]]} → ${CLASSES[point.value[0]]}: ${point.value[2]}`,
    },
    grid: { left: 56, right: 16, top: 10, bottom: 56 },
    xAxis: { type: 'category', data: CLASSES, name: t('latestRound'), nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: CLASSES, name: t('previousRound'), nameLocation: 'middle', nameGap: 30 },
    visualMap: { min: 0, max, show: false, inRange: { color: ['#f9fafb', '#b91c1c'] } },
    series: [
      {
        type: 'heatmap',
        label: { show: true },
        data: evaluation.movement.map((row) => [
          CLASSES.indexOf(row.toClass),
          CLASSES.indexOf(row.fromClass),
          row.firms,
        ]),
      },
    ],
  };
}
