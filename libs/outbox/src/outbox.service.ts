import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { Clock } from '@app/clock';
import { OUTBOX_CHANNELS, OutboxMessage } from './outbox-message';
import { OutboxDispatcher } from './outbox-dispatcher.service';
import { OutboxRepository } from './outbox.repository';

/**
 * Producers' entry point. `enqueue` writes in the producer's own transaction, so the message exists
 * if and only if the producer's change committed; delivery is kicked off asynchronously right after
 * that commit (a TypeORM transaction subscriber), and the dispatcher's poll catches anything missed.
 */
@Injectable()
export class OutboxService implements OnModuleInit, EntitySubscriberInterface {
  private readonly awaitingCommit = new WeakSet<QueryRunner>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OutboxRepository,
    private readonly dispatcher: OutboxDispatcher,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  /** Returns the new row id, or null when a message with the same dedupeKey already exists. */
  async enqueue(manager: EntityManager, message: OutboxMessage): Promise<string | null> {
    if (!OUTBOX_CHANNELS.includes(message.channel)) {
      throw new Error(`Unknown outbox channel "${String(message.channel)}"`);
    }
    const id = await this.repository.insert(manager, message, this.clock.now());
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.awaitingCommit.add(runner);
    else if (id !== null) this.dispatcher.kick();
    return id;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // Fires for savepoint releases too: wait for the outermost commit.
    if (event.queryRunner.isTransactionActive || !this.awaitingCommit.has(event.queryRunner)) return;
    this.awaitingCommit.delete(event.queryRunner);
    this.dispatcher.kick();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.awaitingCommit.delete(event.queryRunner);
  }
}
