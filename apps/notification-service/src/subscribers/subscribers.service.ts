import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import { hasRole, type AuthUser } from '@relief/auth';
import { decodeCursor, keysetPage, type KeysetPage } from '@relief/database';
import { isUUID } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationException } from '../notifications/notification.exception';
import { checkChannels, normalisePhone } from './subscriber';
import { SubscriberEntity, SubscriptionEntity } from './subscriber.entity';
import { verifyUnsubscribeToken } from './unsubscribe-token';

export type NewSubscriber = Pick<
  SubscriberEntity,
  'name' | 'organisation' | 'language' | 'channels'
> &
  Partial<Pick<SubscriberEntity, 'email' | 'phone' | 'userId' | 'receiveExercises'>>;

export type SubscriberChanges = Partial<
  Pick<SubscriberEntity, 'name' | 'email' | 'phone' | 'language' | 'channels' | 'receiveExercises'>
>;

export type NewSubscription = Partial<
  Pick<
    SubscriptionEntity,
    'eventTypes' | 'regions' | 'hazards' | 'incidentIds' | 'itemCodes' | 'minSeverity'
  >
>;

@Injectable()
export class SubscribersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: NotificationServiceConfig,
    private readonly audit: AuditTrail,
  ) {}

  async create(dto: NewSubscriber): Promise<SubscriberEntity> {
    const phone = dto.phone ? normalisePhone(dto.phone) : null;
    const now = new Date();
    const entity: SubscriberEntity = {
      id: randomUUID(),
      reference: null,
      name: dto.name,
      organisation: dto.organisation,
      email: dto.email ?? null,
      phone,
      language: dto.language,
      channels: dto.channels,
      receiveExercises: dto.receiveExercises ?? false,
      userId: dto.userId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    checkChannels(entity);
    await this.dataSource
      .transaction(async (manager) => {
        await manager.insert(SubscriberEntity, entity);
        await this.record(manager, entity.id, 'subscriber.created', null, entity);
      })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505') {
          throw new NotificationException(
            'conflict',
            'user_already_subscriber',
            'this userId already has a subscriber',
          );
        }
        throw error;
      });
    return entity;
  }

  /** By name (then id), keyset-paged: the list holds tens of thousands after an import. */
  async list(page: { limit: number; cursor?: string }): Promise<KeysetPage<SubscriberEntity>> {
    const query = this.dataSource.manager.createQueryBuilder(SubscriberEntity, 's');
    if (page.cursor) {
      const after = decodeSubscriberCursor(page.cursor);
      query.andWhere('(s.name, s.id) > (:name, :id)', after);
    }
    const rows = await query
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(page.limit + 1)
      .getMany();
    return keysetPage(rows, page.limit, (last) => ({ n: last.name, i: last.id }));
  }

  get(id: string, user: AuthUser): Promise<SubscriberEntity> {
    return this.load(id, user);
  }

  /** The subscriber linked to the caller (its `userId` is the token's `sub`), admin or not. */
  async mine(user: AuthUser): Promise<SubscriberEntity> {
    const entity = user.sub
      ? await this.dataSource.manager.findOneBy(SubscriberEntity, { userId: user.sub })
      : null;
    if (!entity) {
      throw new NotificationException(
        'not-found',
        'subscriber_not_found',
        'no subscriber is linked to you',
      );
    }
    return entity;
  }

  async update(id: string, dto: SubscriberChanges, user: AuthUser): Promise<SubscriberEntity> {
    const entity = await this.load(id, user);
    const before = { ...entity };
    const admin = hasRole(user, 'admin');
    if (!admin && (dto.name !== undefined || dto.email !== undefined || dto.phone !== undefined)) {
      throw new NotificationException(
        'forbidden',
        'admin_only_fields',
        'only an admin changes name, email or phone',
      );
    }
    if (dto.name !== undefined) entity.name = dto.name;
    if (dto.email !== undefined) entity.email = dto.email;
    if (dto.phone !== undefined) entity.phone = dto.phone ? normalisePhone(dto.phone) : null;
    if (dto.language !== undefined) entity.language = dto.language;
    if (dto.channels !== undefined) entity.channels = dto.channels;
    if (dto.receiveExercises !== undefined) entity.receiveExercises = dto.receiveExercises;
    checkChannels(entity);
    entity.updatedAt = new Date();
    await this.dataSource.transaction(async (manager) => {
      await manager.save(SubscriberEntity, entity);
      await this.record(manager, id, 'subscriber.updated', before, entity);
    });
    return entity;
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOneBy(SubscriberEntity, { id });
      if (!before) throw notFound(id);
      await manager.delete(SubscriberEntity, { id });
      await this.record(manager, id, 'subscriber.removed', before, null);
    });
  }

  async subscriptions(id: string, user: AuthUser): Promise<SubscriptionEntity[]> {
    await this.load(id, user);
    return this.dataSource.manager.find(SubscriptionEntity, {
      where: { subscriberId: id },
      order: { createdAt: 'ASC' },
    });
  }

  async subscribe(id: string, dto: NewSubscription, user: AuthUser): Promise<SubscriptionEntity> {
    await this.load(id, user);
    const entity: SubscriptionEntity = {
      id: randomUUID(),
      subscriberId: id,
      eventTypes: dto.eventTypes ?? [],
      regions: dto.regions ?? [],
      hazards: dto.hazards ?? [],
      incidentIds: dto.incidentIds ?? [],
      itemCodes: dto.itemCodes ?? [],
      minSeverity: dto.minSeverity ?? null,
      createdAt: new Date(),
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(SubscriptionEntity, entity);
      await this.audit.record(manager, {
        objectType: 'subscriber',
        objectId: id,
        action: 'subscriber.subscribed',
        changes: { before: null, after: entity },
      });
    });
    return entity;
  }

  async unsubscribe(id: string, subscriptionId: string, user: AuthUser): Promise<void> {
    await this.load(id, user);
    const affected = await this.dataSource.transaction(async (manager) => {
      const result = await manager.delete(SubscriptionEntity, {
        id: subscriptionId,
        subscriberId: id,
      });
      if (!result.affected) return 0;
      await this.audit.record(manager, {
        objectType: 'subscriber',
        objectId: id,
        action: 'subscriber.unsubscribed',
        changes: { before: { subscriptionId }, after: null },
      });
      return result.affected;
    });
    if (!affected) {
      throw new NotificationException(
        'not-found',
        'subscription_not_found',
        `no subscription ${subscriptionId}`,
      );
    }
  }

  /** The link in every email: stops emails (SMS stays, it is a separate choice). */
  async unsubscribeByToken(token: string): Promise<void> {
    const id = verifyUnsubscribeToken(token, this.config.UNSUBSCRIBE_SECRET);
    if (!id)
      throw NotificationException.invalidField(
        'unsubscribe_token_invalid',
        'token',
        'must be the token of an unsubscribe link',
        'this link is not valid: its token is not one of ours',
      );
    await this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[{ channels: string[] }[], number]>(
        `UPDATE subscribers SET channels = array_remove(channels, 'email'), updated_at = now()
          WHERE id = $1 RETURNING channels`,
        [id],
      );
      // Nobody signed in: the link's holder is the subscriber (actor system:notification-service).
      if (rows.length > 0) {
        await this.audit.record(manager, {
          objectType: 'subscriber',
          objectId: id,
          action: 'subscriber.email-unsubscribed',
          changes: { fields: ['channels'], after: { channels: rows[0].channels } },
        });
      }
    });
  }

  /** A subscriber change, without the person's name, email and phone: only which of them changed. */
  private record(
    manager: EntityManager,
    id: string,
    action: string,
    before: SubscriberEntity | null,
    after: SubscriberEntity | null,
  ): Promise<void> {
    return this.audit.record(manager, {
      objectType: 'subscriber',
      objectId: id,
      action,
      changes: {
        fields: changedFields(before, after),
        before: before && auditView(before),
        after: after && auditView(after),
      },
    });
  }

  /** Admins see everyone; anyone else only the subscriber linked to their token's `sub`. */
  private async load(id: string, user: AuthUser): Promise<SubscriberEntity> {
    const entity = await this.dataSource.manager.findOneBy(SubscriberEntity, { id });
    if (!entity) throw notFound(id);
    if (!hasRole(user, 'admin') && (!entity.userId || entity.userId !== user.sub)) {
      // Same answer as for a missing one: do not reveal who is subscribed.
      throw notFound(id);
    }
    return entity;
  }
}

/** The list's position: the last item's (name, id), checked after decoding, or a 400. */
function decodeSubscriberCursor(value: string): { name: string; id: string } {
  const fields = decodeCursor(value, ['n', 'i']);
  if (!fields || fields.n.length > 200 || !isUUID(fields.i, 'all')) {
    throw NotificationException.invalidField(
      'invalid_cursor',
      'cursor',
      'not a cursor this service issued',
    );
  }
  return { name: fields.n, id: fields.i };
}

function notFound(id: string): NotificationException {
  return new NotificationException('not-found', 'subscriber_not_found', `no subscriber ${id}`);
}

/** A subscriber as its audit entries show it: whether name, email, phone are set, not what they are. */
function auditView(s: SubscriberEntity) {
  return {
    organisation: s.organisation,
    language: s.language,
    channels: s.channels,
    receiveExercises: s.receiveExercises,
    reference: s.reference,
    hasName: !!s.name,
    hasEmail: s.email !== null,
    hasPhone: s.phone !== null,
    hasUserId: s.userId !== null,
  };
}

const AUDITED_FIELDS = [
  'name',
  'organisation',
  'email',
  'phone',
  'language',
  'channels',
  'receiveExercises',
  'userId',
  'reference',
] as const;

function changedFields(before: SubscriberEntity | null, after: SubscriberEntity | null): string[] {
  return AUDITED_FIELDS.filter(
    (field) => JSON.stringify(before?.[field] ?? null) !== JSON.stringify(after?.[field] ?? null),
  );
}
