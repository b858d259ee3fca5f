import { Module } from '@nestjs/common';
import { SubscribersController } from './subscribers.controller';
import { SubscriberTransferService } from './subscriber-transfer.service';
import { SubscribersService } from './subscribers.service';

@Module({
  controllers: [SubscribersController],
  providers: [SubscribersService, SubscriberTransferService],
})
export class SubscribersModule {}
