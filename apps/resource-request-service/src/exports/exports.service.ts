import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@relief/auth';
import { hxlCsv } from '@relief/runtime';
import { DataSource } from 'typeorm';
import { ResourceRequestServiceConfig } from '../resource-request-service.config';
import {
  requestColumns,
  requestConditions,
  type ExportFilter,
  type RequestExportRow,
} from './request-export';
import {
  partnersVisibleTo,
  ThreeWTable,
  threeWColumns,
  type ThreeWPledge,
  type ThreeWRequest,
  type ThreeWRow,
} from './three-w';

/** Rows per query: an export never holds more than a page of requests (and their pledges). */
const PAGE = 500;

/** A free item is one item per name, in any case (as the coverage report's totals count it). */
const ITEM_KEY = `COALESCE(r.item_code, 'free:' || lower(r.item_name))`;

/**
 * The HXL exports of this service's own tables (requests and the pledge ledger), read page by
 * page with keyset queries and written as they are read.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ResourceRequestServiceConfig,
  ) {}

  /** `requests.hxl.csv`: one row per request, oldest first. */
  requests(filter: ExportFilter): AsyncGenerator<string> {
    return hxlCsv(requestColumns(filter), this.requestPages(filter));
  }

  /**
   * `3w.hxl.csv`. Operators and admins get every partner's rows; an agency the ministry's rows
   * (what coverage shows everyone) and its own organisation's, never another partner's pledges
   * (as it sees only its own offers). Checked here, before the first byte is written.
   */
  threeW(filter: ExportFilter, user: AuthUser): AsyncGenerator<string> {
    const showsPartner = partnersVisibleTo(user);
    const table = new ThreeWTable(
      { code: this.config.HXL_MINISTRY_CODE, name: this.config.HXL_MINISTRY_NAME },
      showsPartner,
    );
    return hxlCsv(threeWColumns(filter, new Date()), this.threeWPages(filter, table));
  }

  private async *requestPages(filter: ExportFilter): AsyncGenerator<RequestExportRow[]> {
    // Request times come from JavaScript Dates (milliseconds), so the cursor is exact.
    let after: { raisedAt: Date; id: string } | undefined;
    for (;;) {
      const { where, params } = requestConditions(filter);
      if (after) {
        params.push(after.raisedAt, after.id);
        where.push(`(r.raised_at, r.id) > ($${params.length - 1}, $${params.length}::uuid)`);
      }
      const rows: RequestExportRow[] = await this.dataSource.query(
        `SELECT r.id, r.incident_reference AS "incidentReference", r.mode, r.region,
                r.item_code AS "itemCode", r.item_name AS "itemName", r.unit, r.quantity,
                r.pledged, r.delivered, r.status, r.priority, r.scope,
                to_char(r.needed_by, 'YYYY-MM-DD') AS "neededBy",
                r.raised_at AS "raisedAt", r.updated_at AS "updatedAt"
           FROM resource_requests r
          WHERE ${where.join(' AND ')}
          ORDER BY r.raised_at, r.id
          LIMIT ${PAGE}`,
        params,
      );
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (rows.length < PAGE || !last) return;
      after = { raisedAt: last.raisedAt, id: last.id };
    }
  }

  private async *threeWPages(
    filter: ExportFilter,
    table: ThreeWTable,
  ): AsyncGenerator<ThreeWRow[]> {
    let after: { region: string; itemKey: string; unit: string; id: string } | undefined;
    for (;;) {
      const { where, params } = requestConditions(filter);
      if (after) {
        params.push(after.region, after.itemKey, after.unit, after.id);
        const n = params.length;
        where.push(
          `(r.region, ${ITEM_KEY}, r.unit, r.id) > ($${n - 3}, $${n - 2}, $${n - 1}, $${n}::uuid)`,
        );
      }
      const requests: ThreeWRequest[] = await this.dataSource.query(
        `SELECT r.id, r.mode, r.region, ${ITEM_KEY} AS "itemKey", r.item_code AS "itemCode",
                r.item_name AS "itemName", r.unit, r.quantity, r.status
           FROM resource_requests r
          WHERE ${where.join(' AND ')}
          ORDER BY r.region, ${ITEM_KEY}, r.unit, r.id
          LIMIT ${PAGE}`,
        params,
      );
      const pledges: ThreeWPledge[] =
        requests.length === 0
          ? []
          : await this.dataSource.query(
              `SELECT offer_id AS "offerId", request_id AS "requestId",
                      partner_code AS "partnerCode", partner_name AS "partnerName", state,
                      quantity, delivered_quantity AS "deliveredQuantity"
                 FROM request_pledges
                WHERE request_id = ANY($1::uuid[])`,
              [requests.map((r) => r.id)],
            );
      const rows = table.add(requests, pledges);
      if (rows.length > 0) yield rows;
      const last = requests.at(-1);
      if (requests.length < PAGE || !last) break;
      after = { region: last.region, itemKey: last.itemKey, unit: last.unit, id: last.id };
    }
    const rest = table.end();
    if (rest.length > 0) yield rest;
  }
}
