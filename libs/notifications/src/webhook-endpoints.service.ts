import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, badInput, notFound, Principal, Role, UnitOfWork } from '@vg/core';
import { FindOptionsWhere, IsNull } from 'typeorm';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/** Endpoints one organisation may have. */
const MAX_ENDPOINTS = 20;

/**
 * Webhooks of an organisation, kept by its admin: a park admin for the park, an owner for their firm, a buyer for
 * their organisation. An endpoint of another organisation answers like one that does not exist.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(principal: Principal): Promise<WebhookEndpointEntity[]> {
    return this.unitOfWork.manager.find(WebhookEndpointEntity, {
      where: whereScope(principal),
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  register(principal: Principal, url: string, eventTypes: string[]): Promise<WebhookEndpointEntity> {
    this.checkUrl(url);
    return this.unitOfWork.run(async (tx) => {
      const scope = scopeOf(principal);
      const count = await tx.manager.count(WebhookEndpointEntity, { where: whereScope(principal) });
      if (count >= MAX_ENDPOINTS) throw badInput('url', `At most ${MAX_ENDPOINTS} webhooks per organisation`);
      return tx.manager.save(
        tx.manager.create(WebhookEndpointEntity, {
          ...scope,
          url,
          eventTypes: [...new Set(eventTypes)],
          secret: randomBytes(32).toString('base64url'),
          createdBy: principal.userId,
        }),
      );
    });
  }

  remove(principal: Principal, id: string): Promise<string> {
    return this.unitOfWork.run(async (tx) => {
      const { affected } = await tx.manager.update(
        WebhookEndpointEntity,
        { ...whereScope(principal), id },
        { disabledAt: new Date() },
      );
      if (!affected) throw notFound('Webhook');
      return id;
    });
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.config.webhookAllowPrivate);
    if (problem) throw badInput('url', problem);
  }
}

/** https to public hosts only, unless private addresses are allowed (development, tests, a private network). */
export function webhookUrlProblem(url: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') return 'A webhook must use https';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host))) {
    return 'A webhook may not point at a loopback or private address';
  }
  return null;
}

/** The organisation a caller keeps webhooks for, as the endpoint's columns. */
function scopeOf(principal: Principal): Pick<WebhookEndpointEntity, 'role' | 'parkId' | 'firmId' | 'buyerOrgId'> {
  const none = { parkId: null, firmId: null, buyerOrgId: null };
  switch (principal.role) {
    case Role.PARK_ADMIN:
      return { ...none, role: Role.PARK_ADMIN, parkId: principal.parkId };
    case Role.SME_OWNER:
      return { ...none, role: Role.SME_OWNER, firmId: principal.firmId };
    case Role.BUYER:
      return { ...none, role: Role.BUYER, buyerOrgId: principal.buyerOrgId };
    case Role.PLATFORM_ADMIN:
      return { ...none, role: Role.PLATFORM_ADMIN };
  }
}

/** The caller's live endpoints as a find condition (a null column matches IS NULL). */
function whereScope(principal: Principal): FindOptionsWhere<WebhookEndpointEntity> {
  const scope = scopeOf(principal);
  return {
    role: scope.role,
    parkId: scope.parkId ?? IsNull(),
    firmId: scope.firmId ?? IsNull(),
    buyerOrgId: scope.buyerOrgId ?? IsNull(),
    disabledAt: IsNull(),
  };
}

function isPrivateAddress(ip: string): boolean {
  if (ip.includes(':')) return ip === '::1' || /^f[cd]/i.test(ip) || /^fe80/i.test(ip) || ip.startsWith('::ffff:');
  const [a, b] = ip.split('.').map(Number);
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}
