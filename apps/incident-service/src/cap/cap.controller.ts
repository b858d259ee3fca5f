import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@relief/auth';
import { IdParam } from '@relief/runtime';
import { IncidentServiceConfig } from '../incident-service.config';
import { IncidentsService } from '../incidents/incidents.service';
import { ATOM_CONTENT_TYPE, renderAlertFeed } from './atom-feed';
import { CAP_CONTENT_TYPE, renderCapAlert, type CapSender } from './cap-alert';

/** `<reference>-v<version>`, e.g. FL-2024-KZ-AKT-0007-v3. */
const IDENTIFIER = /^[A-Za-z0-9-]{1,50}-v\d{1,9}$/;

/**
 * Public alerting: CAP 1.2 messages and an Atom feed of current alerts. Public on purpose (no
 * token): sirens, broadcasters and aggregators poll these; they carry only what the alert says.
 * The public feed lists real incidents only; drills (exercises, tests) have their own feed, for
 * operators, and each drill's alert says `<status>Exercise</status>` (or `Test`).
 */
@ApiTags('cap')
@Controller()
export class CapController {
  private readonly sender: CapSender;
  private readonly baseUrl: string;

  constructor(
    private readonly incidents: IncidentsService,
    config: IncidentServiceConfig,
  ) {
    this.sender = {
      sender: config.CAP_SENDER,
      senderName: config.CAP_SENDER_NAME,
    };
    this.baseUrl = config.PUBLIC_BASE_URL;
  }

  @Get('incidents/:id/cap')
  @Public()
  @Header('Content-Type', `${CAP_CONTENT_TYPE}; charset=utf-8`)
  @ApiOperation({ summary: 'The incident as a CAP 1.2 alert (Alert, Update or Cancel)' })
  @ApiProduces(CAP_CONTENT_TYPE)
  @ApiOkResponse({ description: 'CAP 1.2 XML', schema: { type: 'string' } })
  async alert(@IdParam() id: string): Promise<string> {
    return renderCapAlert(await this.incidents.capSource(id), this.sender);
  }

  @Get('cap/alerts/:identifier')
  @Public()
  @Header('Content-Type', `${CAP_CONTENT_TYPE}; charset=utf-8`)
  @ApiOperation({
    summary: 'An issued CAP 1.2 message by its identifier (<reference>-v<version>)',
    description:
      'Every incident version was one CAP message; a later one names the one before in ' +
      '<references>, and this fetches it as it was issued. 404 for an identifier never issued.',
  })
  @ApiProduces(CAP_CONTENT_TYPE)
  @ApiOkResponse({ description: 'CAP 1.2 XML', schema: { type: 'string' } })
  async alertByIdentifier(@Param('identifier') identifier: string): Promise<string> {
    if (!IDENTIFIER.test(identifier)) {
      throw new NotFoundException({
        code: 'cap_alert_not_found',
        message: `no CAP alert ${identifier.slice(0, 80)} was issued here`,
      });
    }
    return renderCapAlert(await this.incidents.capSourceByIdentifier(identifier), this.sender);
  }

  @Get('cap/alerts.atom')
  @Public()
  @Header('Content-Type', `${ATOM_CONTENT_TYPE}; charset=utf-8`)
  @ApiOperation({
    summary: 'Atom feed of current alerts (and incidents ended in the last 24 hours)',
  })
  @ApiProduces(ATOM_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Atom 1.0 XML', schema: { type: 'string' } })
  async feed(): Promise<string> {
    const now = new Date();
    return renderAlertFeed(await this.incidents.currentAlerts(now), this.sender, {
      baseUrl: this.baseUrl,
      now,
    });
  }

  /** Drills (exercises, tests) never reach the public feed: operators follow them here. */
  @Get('cap/exercises.atom')
  @Roles('operator', 'admin')
  @Header('Content-Type', `${ATOM_CONTENT_TYPE}; charset=utf-8`)
  @ApiOperation({ summary: 'Atom feed of current exercises and tests, for operators' })
  @ApiProduces(ATOM_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Atom 1.0 XML', schema: { type: 'string' } })
  async drillFeed(): Promise<string> {
    const now = new Date();
    const drills = await this.incidents.currentAlerts(now, ['exercise', 'test']);
    return renderAlertFeed(drills, this.sender, { baseUrl: this.baseUrl, now, drills: true });
  }
}
