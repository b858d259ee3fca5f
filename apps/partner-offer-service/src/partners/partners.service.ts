import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import type { AuthUser } from '@relief/auth';
import { DataSource, type EntityManager } from 'typeorm';
import { OfferEntity } from '../offers/offer.entity';
import {
  Partner,
  partnerCodeOf,
  type PartnerChanges,
  type PartnerInput,
  type PartnerProps,
} from './partner';
import { PartnerEntity, partnerRow } from './partner.entity';
import { PartnerException } from './partner.exception';

/** The registry of organisations that may offer assistance; managed by admins. */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<Readonly<PartnerProps>[]> {
    const rows = await this.dataSource.manager.find(PartnerEntity, { order: { code: 'ASC' } });
    return rows;
  }

  async get(code: string): Promise<Readonly<PartnerProps>> {
    const row = await this.dataSource.manager.findOneBy(PartnerEntity, {
      code: code.toUpperCase(),
    });
    if (!row) throw notFound(code);
    return row;
  }

  async create(input: PartnerInput): Promise<Readonly<PartnerProps>> {
    const partner = Partner.register(input, new Date());
    return this.dataSource.transaction(async (manager) => {
      const exists = await manager.existsBy(PartnerEntity, { code: partner.snapshot.code });
      if (exists) {
        throw new PartnerException(
          'conflict',
          'partner_exists',
          `partner ${partner.snapshot.code} already exists`,
        );
      }
      await manager.insert(PartnerEntity, partnerRow(partner.snapshot));
      await this.audit.record(manager, {
        objectType: 'partner',
        objectId: partner.snapshot.code,
        action: 'partner.created',
        changes: { before: null, after: auditView(partner.snapshot) },
      });
      return partner.snapshot;
    });
  }

  update(
    code: string,
    changes: PartnerChanges,
    expectedVersion: number,
  ): Promise<Readonly<PartnerProps>> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(PartnerEntity, {
        where: { code: code.toUpperCase() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound(code);
      const partner = Partner.restore(row);
      partner.assertVersion(expectedVersion);
      const before = auditView(partner.snapshot);
      const changed = partner.update(changes, new Date());
      if (changed.length > 0) {
        await manager.save(PartnerEntity, partnerRow(partner.snapshot));
        await this.audit.record(manager, {
          objectType: 'partner',
          objectId: partner.snapshot.code,
          action: 'partner.updated',
          changes: { fields: changed, before, after: auditView(partner.snapshot) },
        });
      }
      return partner.snapshot;
    });
  }

  /** Only a partner that never offered anything can be removed (offers keep their history). */
  remove(code: string, expectedVersion: number): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(PartnerEntity, {
        where: { code: code.toUpperCase() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound(code);
      Partner.restore(row).assertVersion(expectedVersion);
      if (await manager.existsBy(OfferEntity, { partnerCode: row.code })) {
        throw new PartnerException(
          'conflict',
          'partner_has_offers',
          `partner ${row.code} has offers and cannot be removed`,
        );
      }
      await manager.delete(PartnerEntity, { code: row.code });
      await this.audit.record(manager, {
        objectType: 'partner',
        objectId: row.code,
        action: 'partner.removed',
        changes: { before: auditView(row), after: null },
      });
    });
  }

  /** The partner an agency user acts for: the token's `org`, which must be registered. */
  /**
   * `lock`: in a transaction that adds an offer of the partner's, a share lock on its row, so a
   * removal (which locks it for update, then looks for offers) waits and then sees the offer.
   */
  async ofAgency(
    user: AuthUser,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<PartnerEntity> {
    const code = partnerCodeOf(user);
    const row = code
      ? await manager.findOne(PartnerEntity, {
          where: { code },
          ...(lock ? { lock: { mode: 'pessimistic_read' as const } } : {}),
        })
      : null;
    if (!row) {
      throw new PartnerException(
        'forbidden',
        'partner_not_registered',
        `your organisation (${user.org ?? 'none'}) is not a registered partner; ask an admin to register it`,
      );
    }
    return row;
  }
}

function notFound(code: string): PartnerException {
  return new PartnerException('not-found', 'partner_not_found', `partner ${code} does not exist`);
}

/**
 * A partner as its audit entries show it: the contact email and phone (a person's, often) are
 * personal data, so only whether they are set is recorded; `fields` says when they changed.
 */
function auditView(props: Readonly<PartnerProps>) {
  const { contactEmail, contactPhone, createdAt: _c, updatedAt: _u, ...rest } = props;
  return {
    ...rest,
    hasContactEmail: contactEmail !== null,
    hasContactPhone: contactPhone !== null,
  };
}
