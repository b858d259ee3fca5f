import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@relief/auth';
import { hxlCsv } from '@relief/runtime';
import { DataSource } from 'typeorm';
import {
  exportedPartnerOf,
  offerColumns,
  offerConditions,
  OFFER_REGION,
  type OfferExportFilter,
  type OfferExportRow,
} from './offer-export';

/** Rows per query: an export never holds more than a page of offers. */
const PAGE = 500;

/** `offers.hxl.csv`, read page by page with a keyset query and written as it is read. */
@Injectable()
export class ExportsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Who may see what is decided here, before the first byte is written. */
  offers(filter: Omit<OfferExportFilter, 'partnerCode'>, user: AuthUser): AsyncGenerator<string> {
    const scoped = { ...filter, partnerCode: exportedPartnerOf(user) };
    return hxlCsv(offerColumns(scoped), this.pages(scoped));
  }

  private async *pages(filter: OfferExportFilter): AsyncGenerator<OfferExportRow[]> {
    // Offer times come from JavaScript Dates (milliseconds), so the cursor is exact.
    let after: { publishedAt: Date; id: string } | undefined;
    for (;;) {
      const { where, params } = offerConditions(filter);
      if (after) {
        params.push(after.publishedAt, after.id);
        where.push(`(o.published_at, o.id) > ($${params.length - 1}, $${params.length}::uuid)`);
      }
      const rows: OfferExportRow[] = await this.dataSource.query(
        `SELECT o.id, o.incident_reference AS "incidentReference", o.mode,
                o.request_id AS "requestId", o.partner_code AS "partnerCode",
                o.partner_name AS "partnerName", o.partner_kind AS "partnerKind",
                ${OFFER_REGION} AS region, o.item_code AS "itemCode", o.item_name AS "itemName",
                o.unit, o.item_version AS "itemVersion", o.quantity, o.accepted_quantity AS "acceptedQuantity",
                o.delivered_quantity AS "deliveredQuantity", o.status,
                to_char(o.expected_delivery_date, 'YYYY-MM-DD') AS "expectedDeliveryDate",
                o.published_at AS "publishedAt", o.updated_at AS "updatedAt"
           FROM offers o
           LEFT JOIN requests rv ON rv.id = o.request_id
           LEFT JOIN incidents iv ON iv.id = o.incident_id
          WHERE ${where.join(' AND ')}
          ORDER BY o.published_at, o.id
          LIMIT ${PAGE}`,
        params,
      );
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (rows.length < PAGE || !last) return;
      after = { publishedAt: last.publishedAt, id: last.id };
    }
  }
}
