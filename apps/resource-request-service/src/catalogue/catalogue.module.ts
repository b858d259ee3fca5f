import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueItemEntity } from './catalogue-item.entity';
import { CatalogueController } from './catalogue.controller';
import { CatalogueService } from './catalogue.service';
import { KitVersionEntity } from './kit-version.entity';
import { KitVersionsService } from './kit-versions.service';

@Module({
  imports: [TypeOrmModule.forFeature([CatalogueItemEntity, KitVersionEntity])],
  controllers: [CatalogueController],
  providers: [CatalogueService, KitVersionsService],
  exports: [CatalogueService, KitVersionsService],
})
export class CatalogueModule {}
