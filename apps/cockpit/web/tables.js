/* global document, Node */
/** The KPI strip, the D-class land list and the ranking: plain DOM, figures shown as the server rounded them. */
import { currentLanguage, t } from './i18n.js';

export const RANKING_INDICATORS = ['OUTPUT', 'UPLIFT', 'PLATFORM_SHARE', 'SCORE', 'TAX_PER_MU', 'VALUE_ADDED_PER_MU'];
const INDICATOR_NAMES = {
  zh: {
    OUTPUT: '近12个月产值',
    UPLIFT: '产值提升',
    PLATFORM_SHARE: '平台订单占比',
    SCORE: '亩均评价得分',
    TAX_PER_MU: '亩均税收',
    VALUE_ADDED_PER_MU: '亩均增加值',
  },
  en: {
    OUTPUT: 'Output, last 12 months',
    UPLIFT: 'Output uplift',
    PLATFORM_SHARE: 'Platform share',
    SCORE: 'Evaluation score',
    TAX_PER_MU: 'Tax per mu',
    VALUE_ADDED_PER_MU: 'Value added per mu',
  },
};

const element = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
};
const percent = (share) => (share === null || share === undefined ? '—' : `${(Number(share) * 100).toFixed(1)}`);
const wan = (yuan) => (yuan === null || yuan === undefined ? '—' : (Number(yuan) / 10_000).toFixed(1));

export function renderKpis(container, data) {
  const { output, orders, capacity, uplift } = data;
  const last12 = output ? output.months.slice(-12).reduce((sum, row) => sum + Number(row.outputValue), 0) : null;
  const idle = capacity ? capacity.idleNow.reduce((sum, row) => sum + row.idle, 0) : null;
  const kpis = [
    ['outputYear', last12 === null ? '—' : wan(last12), 'wanYuan'],
    ['platformShare', percent(output?.totals.platformShare), '%'],
    ['fillRate', percent(orders?.fillRate), '%'],
    ['onTimeRate', percent(orders?.orderOnTimeRate), '%'],
    ['quoteToConfirm', orders?.averageQuoteToConfirmHours ?? '—', 'hours'],
    ['idleToday', idle ?? '—', 'pieces'],
    ['coveredFirms', uplift ? `${uplift.coveredFirms}/${uplift.firms}` : '—', ''],
    ['averageUplift', uplift?.averageUpliftPercent ? Number(uplift.averageUpliftPercent).toFixed(1) : '—', '%'],
    ['addedOutput', wan(uplift?.totalAddedOutput), 'wanYuan'],
  ];
  container.replaceChildren(
    ...kpis.map(([label, value, unit]) => {
      const box = element('div', undefined, 'kpi');
      box.dataset.kpi = label;
      const line = element('div', value, 'value');
      if (unit) line.append(element('span', unit === '%' ? '%' : t(unit), 'unit'));
      box.append(element('div', t(label), 'label'), line);
      return box;
    }),
  );
}

function table(headers, rows) {
  const head = element('tr');
  for (const [text, numeric] of headers) head.append(element('th', text, numeric ? 'num' : undefined));
  const body = element('tbody');
  for (const cells of rows) {
    const row = element('tr');
    cells.forEach((cell, index) => {
      const td = element('td', undefined, headers[index][1] ? 'num' : undefined);
      if (cell instanceof Node) td.append(cell);
      else td.textContent = cell ?? '—';
      row.append(td);
    });
    body.append(row);
  }
  const result = element('table');
  const thead = element('thead');
  thead.append(head);
  result.append(thead, body);
  return result;
}

export function renderDLand(container, dLand, areaMu) {
  if (!dLand || !dLand.nodes.length) {
    container.replaceChildren(element('p', dLand ? t('noData') : t('noRound'), 'empty'));
    return;
  }
  const summary = element('p', t('dSummary').replace('{firms}', dLand.totalCount).replace('{mu}', areaMu), 'empty');
  summary.dataset.total = String(dLand.totalCount);
  container.replaceChildren(
    summary,
    table(
      [[t('firm')], [t('plots')], [t('areaMu'), true], [t('taxPerMu'), true], [t('score'), true]],
      dLand.nodes.map((row) => [row.firmName, row.plots.join(', '), row.areaMu, row.taxPerMu, row.score]),
    ),
  );
}

export function renderRanking(container, ranking, api) {
  const names = INDICATOR_NAMES[currentLanguage()];
  const select = document.getElementById('ranking-indicator');
  for (const option of select.options) option.textContent = names[option.value] ?? option.value;
  const side = (title, rows) => {
    const box = element('div');
    box.append(element('h3', title));
    if (!rows.length) {
      box.append(element('p', t('noData'), 'empty'));
      return box;
    }
    box.append(
      table(
        [['#'], [t('firm')], [`${t('value')} (${ranking.unit})`, true], [t('explain')]],
        rows.map((row) => [row.rank, row.firmName, row.value, explanationLink(row, api)]),
      ),
    );
    return box;
  };
  container.replaceChildren(side(t('top'), ranking.top), side(t('bottom'), ranking.bottom));
}

/** Each figure links to the records it was computed from: the explanation is itself a GraphQL query to run. */
function explanationLink(row, api) {
  const link = element('a', t('explain'));
  link.href = '#';
  link.dataset.firmId = row.firmId;
  link.onclick = async (event) => {
    event.preventDefault();
    const dialog = document.getElementById('explanation') ?? createDialog();
    const pre = dialog.querySelector('pre');
    pre.textContent = '…';
    dialog.showModal();
    try {
      pre.textContent = JSON.stringify(
        await api.request(row.explanation.query, JSON.parse(row.explanation.variables)),
        null,
        2,
      );
    } catch (error) {
      pre.textContent = error.message;
    }
  };
  return link;
}

function createDialog() {
  const dialog = element('dialog');
  dialog.id = 'explanation';
  const close = element('button', '×');
  close.onclick = () => dialog.close();
  dialog.append(close, element('pre'));
  document.body.append(dialog);
  return dialog;
}
