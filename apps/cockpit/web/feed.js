/* global document */
/** The live feed: the park's committed events as they happen, newest first, kept to the last 100. */
import { eventLabel, t } from './i18n.js';

const SUBSCRIPTION = `subscription ($parkId: ID) {
  parkEvents(parkId: $parkId) { type category subjectId orderId payload occurredAt }
}`;
const KEEP = 100;

export function startFeed(api, list, status, parkId) {
  list.replaceChildren();
  return api.subscribe(
    SUBSCRIPTION,
    { parkId },
    {
      onNext: (data) => prepend(list, data.parkEvents),
      onError: (error) => console.warn('feed:', error.message),
      onState: (state) => {
        status.dataset.state = state;
        status.dataset.i18n = state === 'on' ? 'liveOn' : 'liveOff';
        status.textContent = t(status.dataset.i18n);
      },
    },
  );
}

function prepend(list, event) {
  const payload = JSON.parse(event.payload);
  const item = document.createElement('li');
  item.className = 'fresh';
  item.dataset.type = event.type;
  item.dataset.category = event.category;
  if (event.orderId) item.dataset.orderId = event.orderId;
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = new Date(event.occurredAt).toLocaleTimeString('zh-CN', {
    hour12: false,
    timeZone: 'Asia/Shanghai',
  });
  const type = document.createElement('span');
  type.className = 'type';
  type.textContent = eventLabel(event.type);
  const detail = document.createElement('span');
  detail.textContent = describe(event, payload);
  item.append(time, type, detail);
  list.prepend(item);
  while (list.children.length > KEEP) list.lastElementChild.remove();
}

function describe(event, payload) {
  const parts = [];
  if (event.orderId) parts.push(`${t('order')} ${event.orderId.slice(0, 8)}`);
  if (payload.name) parts.push(payload.name);
  if (payload.stageSeq) parts.push(`#${payload.stageSeq}`);
  if (payload.units) parts.push(`${payload.units} ${t('pieces')}`);
  if (payload.reason) parts.push(payload.reason);
  return parts.join(' · ');
}
