import { ApiProperty } from '@nestjs/swagger';
import { type ChainProblem } from './audit-chain';
import { type AuditItem, type AuditVerifyReport } from './audit-trail.service';

export class AuditActorDto {
  @ApiProperty({ example: 'operator-1', description: "The token's sub, or system:<service>" })
  subject: string;

  @ApiProperty({ type: String, nullable: true, example: 'UNICEF' })
  organisationId: string | null;

  @ApiProperty({ type: [String], example: ['operator'] })
  roles: string[];
}

export class AuditEntryDto {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Place in the chain; null until sealed',
  })
  chainSeq: string | null;

  @ApiProperty({ example: '2024-04-02T06:00:00.123456Z' })
  occurredAt: string;

  @ApiProperty({ type: AuditActorDto })
  actor: AuditActorDto;

  @ApiProperty()
  correlationId: string;

  @ApiProperty({ type: String, nullable: true, description: 'The event whose handling made it' })
  causationId: string | null;

  @ApiProperty({ example: 'request' })
  objectType: string;

  @ApiProperty()
  objectId: string;

  @ApiProperty({ example: 'request.scope-changed' })
  action: string;

  @ApiProperty({ type: Object, description: "The event's payload, or { before, after }" })
  changes: unknown;

  static of(item: AuditItem): AuditEntryDto {
    return Object.assign(new AuditEntryDto(), item);
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items: AuditEntryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class AuditProblemDto {
  @ApiProperty()
  chainSeq: string;

  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['hash-mismatch', 'broken-link', 'missing-seq'] })
  problem: ChainProblem;
}

export class AuditVerifyDto implements AuditVerifyReport {
  @ApiProperty()
  ok: boolean;

  @ApiProperty()
  sealed: number;

  @ApiProperty()
  unsealed: number;

  @ApiProperty({ type: AuditProblemDto, nullable: true })
  firstProblem: AuditProblemDto | null;
}
