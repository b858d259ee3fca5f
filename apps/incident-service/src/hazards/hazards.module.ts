import { Module } from '@nestjs/common';
import { HazardsController } from './hazards.controller';

@Module({ controllers: [HazardsController] })
export class HazardsModule {}
