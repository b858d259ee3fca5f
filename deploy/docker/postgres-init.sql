-- Run once by the postgres image on an empty volume: one database per service
-- (same list as libs/local-infra/src/services.ts; deploy/docker-compose.spec.ts checks it).
CREATE DATABASE relief_incident;
CREATE DATABASE relief_resource_request;
CREATE DATABASE relief_partner_offer;
CREATE DATABASE relief_notification;
