import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hasRole, type AuthUser } from '@relief/auth';
import { decodeCursor, keysetPage, type KeysetPage } from '@relief/runtime';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
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
  Pick<SubscriptionEntity, 'eventTypes' | 'regions' | 'hazards' | 'minSeverity'>
>;

@Injectable()
export class SubscribersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: NotificationServiceConfig,
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
    await this.dataSource.manager.insert(SubscriberEntity, entity).catch((error: unknown) => {
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
    await this.dataSource.manager.save(SubscriberEntity, entity);
    return entity;
  }

  async remove(id: string): Promise<void> {
    const result = await this.dataSource.manager.delete(SubscriberEntity, { id });
    if (!result.affected) throw notFound(id);
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
      minSeverity: dto.minSeverity ?? null,
      createdAt: new Date(),
    };
    await this.dataSource.manager.insert(SubscriptionEntity, entity);
    return entity;
  }

  async unsubscribe(id: string, subscriptionId: string, user: AuthUser): Promise<void> {
    await this.load(id, user);
    const result = await this.dataSource.manager.delete(SubscriptionEntity, {
      id: subscriptionId,
      subscriberId: id,
    });
    if (!result.affected) {
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
    await this.dataSource.query(
      `UPDATE subscribers SET channels = array_remove(channels, 'email'), updated_at = now() WHERE id = $1`,
      [id],
    );
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
