import { ApiProperty } from '@nestjs/swagger';
import { UNITS } from './catalogue';

export class CatalogueItemDto {
  @ApiProperty({ example: 'WASH-HYGIENE-KIT' })
  code: string;

  @ApiProperty({ example: 'Sanitary and hygiene kit' })
  name: string;

  @ApiProperty({ enum: UNITS, example: 'kit' })
  unit: string;

  @ApiProperty({ example: 'wash' })
  category: string;

  @ApiProperty({ nullable: true, type: String })
  description: string | null;
}
