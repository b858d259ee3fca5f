import { DomainException } from '@relief/runtime';

/** Failures of prepositioned stock, with stable codes. */
export class StockException extends DomainException {
  static notYourStock(ownerCode: string, stockpileId: string): StockException {
    return new StockException(
      'forbidden',
      'not_your_stock',
      `stockpile ${stockpileId} belongs to ${ownerCode}; only its owner may move or offer it`,
    );
  }

  static insufficient(
    stockpileId: string,
    kind: string,
    quantity: number,
    have: number,
    unit: string,
  ): StockException {
    return new StockException(
      'conflict',
      'stock_insufficient',
      `stockpile ${stockpileId} has only ${have} ${unit} for ${kind}; ${quantity} asked`,
      { available: have },
    );
  }

  static limitExceeded(stockpileId: string): StockException {
    return new StockException(
      'conflict',
      'stock_limit_exceeded',
      `stockpile ${stockpileId} would hold more than the most one stockpile may hold`,
    );
  }

  static notFound(stockpileId: string): StockException {
    return new StockException(
      'not-found',
      'stockpile_not_found',
      `stockpile ${stockpileId} does not exist`,
    );
  }
}
