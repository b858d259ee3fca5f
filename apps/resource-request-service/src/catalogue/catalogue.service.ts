import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { RequestException } from '../requests/request.exception';
import type { RequestItem } from '../requests/resource-request';
import { isUnit } from './catalogue';
import { CatalogueItemEntity } from './catalogue-item.entity';

export interface ItemChoice {
  code?: string;
  name?: string;
  unit?: string;
  /** A kit composition version of a catalogue item; left out, its latest. */
  version?: number;
}

@Injectable()
export class CatalogueService {
  constructor(
    @InjectRepository(CatalogueItemEntity)
    private readonly items: Repository<CatalogueItemEntity>,
  ) {}

  list(): Promise<CatalogueItemEntity[]> {
    return this.items.find({ order: { category: 'ASC', name: 'ASC' } });
  }

  /**
   * A catalogue item by code (its name and unit come from the catalogue; a unit given must be the
   * catalogue's), or a free item with a name and one of the known units.
   */
  async resolve(choice: ItemChoice): Promise<Omit<RequestItem, 'version'>> {
    if (choice.code !== undefined) {
      const item = await this.items.findOneBy({ code: choice.code });
      if (!item) {
        throw RequestException.invalidField(
          'unknown_item',
          'item.code',
          'must be a catalogue code (GET /catalogue)',
          `${choice.code} is not in the catalogue`,
        );
      }
      if (choice.unit !== undefined && choice.unit !== item.unit) {
        throw RequestException.invalidField(
          'unit_mismatch',
          'item.unit',
          `must be ${item.unit} (or left out)`,
          `${item.code} is counted in ${item.unit}`,
        );
      }
      if (!isUnit(item.unit))
        throw new Error(`catalogue item ${item.code} has unknown unit ${item.unit}`);
      return { code: item.code, name: item.name, unit: item.unit };
    }
    const fields = [
      ...(choice.name
        ? []
        : [{ field: 'item.name', message: 'a free item needs a name (or give item.code)' }]),
      ...(choice.unit
        ? []
        : [{ field: 'item.unit', message: 'a free item needs a unit (or give item.code)' }]),
    ];
    if (fields.length > 0 || !choice.name || !choice.unit || !isUnit(choice.unit)) {
      throw new RequestException(
        'invalid',
        'item_incomplete',
        'name a catalogue item by code, or a free item by name and unit',
        {
          fields,
        },
      );
    }
    return { code: null, name: choice.name.trim(), unit: choice.unit };
  }
}
