import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HAZARDS, type Hazard } from '@relief/contracts';
import { allHazards, type CapCategory } from './hazards';

class HazardView {
  @ApiProperty({ enum: HAZARDS }) code: Hazard;
  @ApiProperty({ example: 'Flood' }) name: string;
  @ApiProperty({ example: 'Met' }) capCategory: CapCategory;
}

@ApiTags('reference data')
@Controller('hazards')
export class HazardsController {
  @Get()
  @ApiOperation({ summary: 'GLIDE hazard codes incidents are filed with' })
  @ApiOkResponse({ type: [HazardView] })
  list(): HazardView[] {
    return allHazards();
  }
}
