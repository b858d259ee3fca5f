import { ApiProperty } from '@nestjs/swagger';
import { type ChainFinding, type ChainProblem } from './audit-chain';
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
    type: Number,
    nullable: true,
    example: 17,
    description: 'Place in the chain; null until sealed',
  })
  chainSeq: number | null;

  @ApiProperty({ example: '2024-04-02T06:00:00.123456Z' })
  occurredAt: string;

  @ApiProperty({ type: AuditActorDto })
  actor: AuditActorDto;

  @ApiProperty()
  correlationId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The event whose handling made it (a cascade); GET /admin/audit?event=<causationId> of the ' +
      'service that produced that event shows its entry',
  })
  causationId: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The event this entry records; null for a change that is no event',
  })
  eventId: string | null;

  @ApiProperty({ example: 'request' })
  objectType: string;

  @ApiProperty()
  objectId: string;

  @ApiProperty({ example: 'request.scope-changed' })
  action: string;

  @ApiProperty({ type: Object, description: "The event's payload, or { before, after }" })
  changes: unknown;

  static of(item: AuditItem): AuditEntryDto {
    // A JSON number: the bigint column stays far below 2^53 in any real trail.
    const chainSeq = item.chainSeq === null ? null : Number(item.chainSeq);
    return Object.assign(new AuditEntryDto(), { ...item, chainSeq });
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items: AuditEntryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class AuditProblemDto {
  @ApiProperty({ example: 17 })
  chainSeq: number;

  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['hash-mismatch', 'broken-link', 'missing-seq'] })
  problem: ChainProblem;

  static of(finding: ChainFinding): AuditProblemDto {
    return Object.assign(new AuditProblemDto(), {
      ...finding,
      chainSeq: Number(finding.chainSeq),
    });
  }
}

export class AuditVerifyDto {
  @ApiProperty()
  ok: boolean;

  @ApiProperty()
  sealed: number;

  @ApiProperty()
  unsealed: number;

  @ApiProperty({ type: AuditProblemDto, nullable: true })
  firstProblem: AuditProblemDto | null;

  static of(report: AuditVerifyReport): AuditVerifyDto {
    const firstProblem = report.firstProblem ? AuditProblemDto.of(report.firstProblem) : null;
    return Object.assign(new AuditVerifyDto(), { ...report, firstProblem });
  }
}
