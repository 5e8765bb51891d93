import { Global, Module } from '@nestjs/common';
import { FetchHttpSender, HttpSender } from './http-sender';
import { OutboxDispatcher } from './outbox-dispatcher.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** The durable outbox (`outbox_messages`): enqueue in your transaction, delivered after commit. */
@Global()
@Module({
  providers: [
    OutboxRepository,
    OutboxDispatcher,
    OutboxService,
    { provide: HttpSender, useClass: FetchHttpSender },
  ],
  exports: [OutboxService, OutboxDispatcher],
})
export class OutboxModule {}
