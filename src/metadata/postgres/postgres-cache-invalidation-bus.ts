// The cache invalidation bus of a PostgreSQL deployment: NOTIFY to tell the other nodes, LISTEN on a
// connection of its own to hear them (https://www.postgresql.org/docs/15/sql-notify.html).
//
// - Publishing goes through the pool (the listening connection may be down), after the write has
//   committed. Writes that commit while a NOTIFY is in flight are sent together in the next one, as
//   few payloads as fit (invalidation-payload.ts), in one round trip.
// - Listening uses one dedicated connection: LISTEN holds for the session, which a pooled connection
//   would not keep. A notification is delivered only to sessions listening when it was sent, so
//   whenever that connection is lost, or answers no heartbeat, messages may have been missed: the
//   whole cache is forgotten, and again once LISTEN is back (entries cached in between were never
//   covered), while it reconnects with exponential backoff.
// - NOTIFY is scoped to the database: deployments sharing a server do not hear each other.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { CacheInvalidation, CacheInvalidationBus, InvalidationListener } from '../caching/cache-invalidation-bus.js';
import { decodePayload, encodePayloads } from './invalidation-payload.js';

export const invalidationChannel = 'berth_metadata_cache';
/** What the listening connection shows as in pg_stat_activity. */
export const listenerApplicationName = 'berth cache invalidation';

export interface PostgresCacheInvalidationBusOptions {
  connectionString: string;
  /** The deployment's database: NOTIFY goes through its pool. */
  db: Kysely<any>;
  logger: Pick<Logger, 'warn'>;
  /** Distinguishes this node's own messages; random by default. */
  nodeId?: string;
  /** Reconnection delays: doubled after every failure, from the first to the largest. */
  reconnectDelayMs?: { first: number; max: number };
  /** How often the listening connection must answer a query to be trusted (default 10 s). */
  heartbeatMs?: number;
}

export class PostgresCacheInvalidationBus implements CacheInvalidationBus {
  private readonly listeners = new Set<InvalidationListener>();
  private readonly nodeId: string;
  private readonly reconnectDelayMs: { first: number; max: number };
  private readonly heartbeatMs: number;
  private client: pg.Client | undefined;
  private closed = false;
  private nextDelayMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pending: CacheInvalidation[] = [];
  /** The NOTIFY in flight (or the last one), and the next one, which collects what arrives meanwhile. */
  private flushing: Promise<void> = Promise.resolve();
  private nextFlush: Promise<void> | undefined;

  private constructor(private readonly options: PostgresCacheInvalidationBusOptions) {
    this.nodeId = options.nodeId ?? randomBytes(6).toString('hex');
    this.reconnectDelayMs = options.reconnectDelayMs ?? { first: 100, max: 10_000 };
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.nextDelayMs = this.reconnectDelayMs.first;
  }

  /** Starts listening; resolves after the first attempt, which keeps retrying in the background if it failed. */
  static async start(options: PostgresCacheInvalidationBusOptions): Promise<PostgresCacheInvalidationBus> {
    const bus = new PostgresCacheInvalidationBus(options);
    await bus.connect();
    return bus;
  }

  /** True while LISTEN is in place (for tests and health reporting). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  subscribe(listener: InvalidationListener): void {
    this.listeners.add(listener);
  }

  publish(invalidations: readonly CacheInvalidation[]): Promise<void> {
    if (this.closed || invalidations.length === 0) return Promise.resolve();
    this.pending.push(...invalidations);
    if (!this.nextFlush) {
      const flush = this.flushing.then(() => {
        this.nextFlush = undefined;
        const batch = this.pending;
        this.pending = [];
        return this.notify(batch);
      });
      this.nextFlush = this.flushing = flush;
    }
    return this.nextFlush;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    await this.flushing;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async notify(batch: CacheInvalidation[]): Promise<void> {
    const payloads = encodePayloads(this.nodeId, batch);
    if (payloads.length === 0) return;
    try {
      await sql`select pg_notify(${invalidationChannel}, payload) from unnest(cast(${payloads} as text[])) as payload`.execute(this.options.db);
    } catch (error) {
      // The write has committed; the other nodes see it when their entries expire.
      this.options.logger.warn({ err: error, invalidations: batch.length }, 'could not tell the other nodes to forget cached metadata; they may serve it until it expires');
    }
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: listenerApplicationName, keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel === invalidationChannel) this.receive(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${invalidationChannel}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      this.options.logger.warn({ err: error, retryInMs: this.nextDelayMs }, 'could not listen for cache invalidations; cached metadata lives for its TTL until this succeeds');
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.nextDelayMs = this.reconnectDelayMs.first;
    // Whatever was cached before this point was not covered by a listening connection.
    this.forgetAll();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(client), this.heartbeatMs).unref();
  }

  /** A connection that stopped answering (a silent network partition) is as good as lost. */
  private async heartbeat(client: pg.Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to a heartbeat within ${this.heartbeatMs} ms`)), this.heartbeatMs);
    });
    try {
      await Promise.race([client.query('select 1'), timeout]);
    } catch (error) {
      this.lost(client, error as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: pg.Client, error?: Error): void {
    if (client !== this.client) return; // already handled, or a connection we gave up on
    this.client = undefined;
    clearInterval(this.heartbeatTimer);
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.forgetAll();
    this.options.logger.warn({ err: error, retryInMs: this.nextDelayMs }, 'lost the cache invalidation connection; cached metadata forgotten, reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    // Jitter: nodes cut off together do not all come back in the same instant.
    const delayMs = this.nextDelayMs / 2 + Math.random() * (this.nextDelayMs / 2);
    this.nextDelayMs = Math.min(this.reconnectDelayMs.max, this.nextDelayMs * 2);
    this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
    this.reconnectTimer.unref();
  }

  private receive(payload: string): void {
    const decoded = decodePayload(payload);
    if (!decoded) {
      // A message this version cannot read (a newer node?): forgetting everything is always safe.
      this.forgetAll();
      return;
    }
    if (decoded.sender === this.nodeId) return;
    if ('everything' in decoded) this.forgetAll();
    else for (const listener of this.listeners) listener.forget(decoded.invalidations);
  }

  private forgetAll(): void {
    for (const listener of this.listeners) listener.forgetAll();
  }
}
