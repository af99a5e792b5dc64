/* global document, window, echarts, Option, FormData */
/**
 * The park administrator's cockpit: sign in, then one page of figures (each panel is one GraphQL query, fetched in
 * parallel, so one failing panel does not blank the others) and a live feed over graphql-ws.
 */
import { Api } from './api.js';
import {
  classesOption,
  industryOption,
  movementOption,
  ordersOption,
  outputTrendOption,
  stageOption,
  upliftOption,
  utilisationOption,
} from './charts.js';
import { startFeed } from './feed.js';
import { applyStaticLabels, currentLanguage, t, toggleLanguage } from './i18n.js';
import { QUERIES } from './queries.js';
import { renderDLand, renderKpis, renderRanking, RANKING_INDICATORS } from './tables.js';

const api = new Api();
const state = { parkId: null, data: {}, charts: new Map(), stopFeed: null };
const $ = (id) => document.getElementById(id);

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const shiftDays = (day, days) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const shiftMonths = (month, months) => {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

function windows() {
  const today = chinaToday();
  const lastMonth = shiftMonths(today.slice(0, 7), -1);
  return {
    capacity: { from: shiftDays(today, -7), to: shiftDays(today, 23), granularity: 'DAY' },
    orders: { from: shiftDays(today, -364), to: today },
    output: { fromMonth: shiftMonths(lastMonth, -23), toMonth: lastMonth },
  };
}

/** Charts draw through one registry, so a language switch or a resize redraws them all. */
function draw(id, option) {
  const element = $(id);
  let chart = state.charts.get(id);
  if (!chart) {
    chart = echarts.init(element);
    state.charts.set(id, chart);
  }
  chart.setOption(option, true);
}

function unavailable(id, message) {
  state.charts.get(id)?.dispose();
  state.charts.delete(id);
  const element = $(id);
  element.innerHTML = '';
  const note = document.createElement('p');
  note.className = 'empty';
  note.textContent = message;
  element.append(note);
}

const PANELS = {
  output: {
    charts: ['chart-output', 'chart-industry', 'chart-stage'],
    render(output) {
      draw('chart-output', outputTrendOption(output));
      draw('chart-industry', industryOption(output));
      draw('chart-stage', stageOption(output, currentLanguage()));
    },
  },
  capacity: {
    charts: ['chart-utilisation'],
    render: (capacity) => draw('chart-utilisation', utilisationOption(capacity, currentLanguage())),
  },
  orders: { charts: ['chart-orders'], render: (orders) => draw('chart-orders', ordersOption(orders)) },
  uplift: { charts: ['chart-uplift'], render: (uplift) => draw('chart-uplift', upliftOption(uplift)) },
  evaluation: {
    charts: ['chart-classes', 'chart-movement'],
    render(evaluation) {
      if (!evaluation.round) {
        unavailable('chart-classes', t('noRound'));
        unavailable('chart-movement', t('noRound'));
        renderDLand($('d-land'), null);
        return;
      }
      draw('chart-classes', classesOption(evaluation));
      draw('chart-movement', movementOption(evaluation));
      renderDLand(
        $('d-land'),
        evaluation.dLand,
        evaluation.classes.find((row) => row.class === 'D')?.landAreaMu ?? '0',
      );
    },
  },
  ranking: { charts: [], render: (ranking) => renderRanking($('ranking'), ranking, api) },
};

async function loadPanel(name, variables) {
  try {
    const data = await api.request(QUERIES[name], { parkId: state.parkId, ...variables });
    state.data[name] = Object.values(data)[0];
  } catch (error) {
    state.data[name] = null;
    console.warn(`panel ${name}:`, error.message);
  }
}

function renderAll() {
  applyStaticLabels();
  for (const [name, panel] of Object.entries(PANELS)) {
    const data = state.data[name];
    if (data) panel.render(data);
    else for (const id of panel.charts) unavailable(id, t('unavailable'));
  }
  renderKpis($('kpis'), state.data);
}

async function loadDashboard() {
  const w = windows();
  const indicator = $('ranking-indicator').value || RANKING_INDICATORS[0];
  await Promise.all([
    loadPanel('output', w.output),
    loadPanel('capacity', w.capacity),
    loadPanel('orders', w.orders),
    loadPanel('uplift', {}),
    loadPanel('evaluation', { first: 50 }),
    loadPanel('ranking', { indicator, first: 10 }),
  ]);
  renderAll();
  document.body.dataset.loaded = 'true';
}

async function choosePark(user) {
  if (user.role === 'PARK_ADMIN') {
    state.parkId = user.parkId;
    const { park } = await api.request('query ($id: ID!) { park(id: $id) { id name } }', { id: user.parkId });
    $('park-name').textContent = park.name;
    return;
  }
  const { parks } = await api.request('{ parks(first: 100) { nodes { id name } } }');
  const select = $('park-select');
  select.replaceChildren(...parks.nodes.map((park) => new Option(park.name, park.id)));
  select.hidden = false;
  state.parkId = select.value;
  select.onchange = async () => {
    state.parkId = select.value;
    restartFeed();
    await loadDashboard();
  };
}

function restartFeed() {
  state.stopFeed?.();
  state.stopFeed = startFeed(api, $('feed'), $('live-status'), state.parkId);
}

async function showDashboard() {
  const user = api.user;
  if (user.role !== 'PARK_ADMIN' && user.role !== 'PLATFORM_ADMIN') {
    api.logout();
    return showLogin(t('notAdmin'));
  }
  $('login-view').hidden = true;
  $('dashboard').hidden = false;
  $('logout').hidden = false;
  await choosePark(user);
  restartFeed();
  await loadDashboard();
}

function showLogin(message = '') {
  $('dashboard').hidden = true;
  $('logout').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message;
}

function setUp() {
  applyStaticLabels();
  const indicator = $('ranking-indicator');
  indicator.replaceChildren(...RANKING_INDICATORS.map((name) => new Option(name, name)));
  indicator.onchange = async () => {
    await loadPanel('ranking', { indicator: indicator.value, first: 10 });
    renderAll();
  };
  $('lang-toggle').onclick = () => {
    toggleLanguage();
    if (api.signedIn && !$('dashboard').hidden) renderAll();
  };
  $('logout').onclick = () => {
    state.stopFeed?.();
    api.logout();
    window.location.reload();
  };
  $('login-form').onsubmit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await api.login(String(form.get('email')), String(form.get('password')));
      await showDashboard();
    } catch {
      showLogin(t('loginFailed'));
    }
  };
  window.addEventListener('resize', () => state.charts.forEach((chart) => chart.resize()));
  if (api.signedIn) showDashboard().catch(() => showLogin());
  else showLogin();
}

setUp();
