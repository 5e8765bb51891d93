export { OutboxModule } from './outbox.module';
export { OutboxService } from './outbox.service';
export { OutboxDispatcher } from './outbox-dispatcher.service';
export { HttpSender } from './http-sender';
export type { HttpSendResult } from './http-sender';
export { OUTBOX_CHANNELS } from './outbox-message';
export type { OutboxChannel, OutboxMessage } from './outbox-message';
