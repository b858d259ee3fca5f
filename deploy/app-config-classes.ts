/**
 * Each app by its deployment name, with the config class its main.ts validates the environment
 * with at boot: the deployment specs (docker compose, Kubernetes) hold their settings to it.
 */
import { type ClassConstructor } from 'class-transformer';
import { ConsoleConfig } from '../apps/console/src/console.config';
import { IncidentServiceConfig } from '../apps/incident-service/src/incident-service.config';
import { NotificationServiceConfig } from '../apps/notification-service/src/notification-service.config';
import { PartnerOfferServiceConfig } from '../apps/partner-offer-service/src/partner-offer-service.config';
import { ResourceRequestServiceConfig } from '../apps/resource-request-service/src/resource-request-service.config';

export const APP_CONFIG_CLASSES: Record<string, ClassConstructor<object>> = {
  'incident-service': IncidentServiceConfig,
  'resource-request-service': ResourceRequestServiceConfig,
  'partner-offer-service': PartnerOfferServiceConfig,
  'notification-service': NotificationServiceConfig,
  console: ConsoleConfig,
};
