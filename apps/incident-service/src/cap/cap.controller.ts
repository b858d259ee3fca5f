import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@relief/auth';
import { IdParam } from '@relief/runtime';
import { IncidentServiceConfig } from '../incident-service.config';
import { IncidentsService } from '../incidents/incidents.service';
import { ATOM_CONTENT_TYPE, renderAlertFeed } from './atom-feed';
import { CAP_CONTENT_TYPE, renderCapAlert, type CapSender } from './cap-alert';

/**
 * Public alerting: CAP 1.2 messages and an Atom feed of current alerts. Public on purpose (no
 * token): sirens, broadcasters and aggregators poll these; they carry only what the alert says.
 */
@ApiTags('cap')
@Public()
@Controller()
export class CapController {
  private readonly sender: CapSender;

  constructor(
    private readonly incidents: IncidentsService,
    config: IncidentServiceConfig,
  ) {
    this.sender = {
      sender: config.CAP_SENDER,
      senderName: config.CAP_SENDER_NAME,
      language: config.CAP_LANGUAGE,
    };
  }

  @Get('incidents/:id/cap')
  @Header('Content-Type', `${CAP_CONTENT_TYPE}; charset=utf-8`)
  @ApiOperation({ summary: 'The incident as a CAP 1.2 alert (Alert, Update or Cancel)' })
  @ApiProduces(CAP_CONTENT_TYPE)
  @ApiOkResponse({ description: 'CAP 1.2 XML', schema: { type: 'string' } })
  async alert(@IdParam() id: string): Promise<string> {
    return renderCapAlert(await this.incidents.capSource(id), this.sender);
  }

  @Get('cap/alerts.atom')
  @Header('Content-Type', `${ATOM_CONTENT_TYPE}; charset=utf-8`)
  @ApiOperation({
    summary: 'Atom feed of current alerts (and incidents ended in the last 24 hours)',
  })
  @ApiProduces(ATOM_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Atom 1.0 XML', schema: { type: 'string' } })
  async feed(): Promise<string> {
    const now = new Date();
    return renderAlertFeed(await this.incidents.currentAlerts(now), this.sender, {
      selfHref: '/cap/alerts.atom',
      now,
    });
  }
}
