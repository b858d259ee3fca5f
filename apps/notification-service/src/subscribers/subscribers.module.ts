import { Module } from '@nestjs/common';
import { SubscribersController } from './subscribers.controller';
import { SubscriberTransferService } from './subscriber-transfer.service';
import { SubscribersService } from './subscribers.service';

/** Subscribers and their subscriptions; the ledger finds the caller's subscriber with the service. */
@Module({
  controllers: [SubscribersController],
  providers: [SubscribersService, SubscriberTransferService],
  exports: [SubscribersService],
})
export class SubscribersModule {}
