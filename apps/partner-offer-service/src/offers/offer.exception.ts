import { DomainException } from '@relief/runtime';

/**
 * Failures of offers (and of the request read model rules they depend on), with stable codes.
 * Each failure the offer itself raises has a named factory here, so offer.ts reads as its rules.
 */
export class OfferException extends DomainException {
  static notYourPartner(partnerCode: string): OfferException {
    return new OfferException(
      'forbidden',
      'not_your_partner',
      `only ${partnerCode} may publish its offers`,
    );
  }

  static notYourOffer(partnerCode: string, action: string, offerId: string): OfferException {
    return new OfferException(
      'forbidden',
      'not_your_offer',
      `only ${partnerCode} may ${action} offer ${offerId}`,
    );
  }

  static ministryOnly(action: string): OfferException {
    return new OfferException(
      'forbidden',
      'ministry_only',
      `only operators and admins may ${action} offers`,
    );
  }

  static staleVersion(offerId: string, version: number, expected: number): OfferException {
    return new OfferException(
      'stale',
      'stale_version',
      `offer ${offerId} is at version ${version}, not ${expected}; reload it and retry`,
      { currentVersion: version },
    );
  }

  /** `offer_<status>`: the offer's status does not allow `what` (e.g. "accepted"). */
  static inStatus(offerId: string, status: string, what: string): OfferException {
    return new OfferException(
      'conflict',
      `offer_${status}`,
      `offer ${offerId} is ${status} and cannot be ${what}`,
      { status },
    );
  }

  static quantityExceedsOffer(accepted: number, offered: number, unit: string): OfferException {
    return OfferException.invalidField(
      'quantity_exceeds_offer',
      'quantity',
      `must be at most ${offered}`,
      `${accepted} cannot be accepted: the offer is for ${offered} ${unit}`,
    );
  }

  static quantityExceedsAccepted(quantity: number, accepted: number, unit: string): OfferException {
    return OfferException.invalidField(
      'quantity_exceeds_accepted',
      'quantity',
      `must be at most ${accepted}`,
      `${quantity} is more than the ${accepted} ${unit} accepted`,
    );
  }

  static quantityExceedsRemaining(
    requestId: string,
    available: number,
    unit: string,
    accepted: number,
  ): OfferException {
    return new OfferException(
      'conflict',
      'quantity_exceeds_remaining',
      `only ${available} ${unit} remain to be pledged on request ${requestId}; ${accepted} cannot be accepted`,
      { available },
    );
  }

  static requestDomesticOnly(requestId: string, partnerCode: string): OfferException {
    return new OfferException(
      'conflict',
      'request_domestic_only',
      `request ${requestId} is now open to domestic partners only; ${partnerCode} is international`,
    );
  }

  static requestOfAnotherIncident(requestId: string, offerId: string): OfferException {
    return new OfferException(
      'invalid',
      'request_of_another_incident',
      `request ${requestId} belongs to another incident than offer ${offerId}`,
    );
  }

  static unitMismatch(offered: string, requested: string): OfferException {
    return OfferException.invalidField(
      'unit_mismatch',
      'unit',
      `must be ${requested}`,
      `the request counts in ${requested}, not ${offered}`,
    );
  }

  static acceptanceNotConfirmed(offerId: string): OfferException {
    return new OfferException(
      'conflict',
      'acceptance_not_confirmed',
      `the acceptance of offer ${offerId} is not yet confirmed against its request; retry in a few seconds`,
      { retryAfterSeconds: 2 },
    );
  }
}
