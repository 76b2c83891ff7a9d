// The collect rate limits, shared by every web process when REDIS_URL is set: the same fixed
// windows as the in-memory RateLimiter (rate-limit.ts), kept in Redis by one atomic script, so
// N processes behind a load balancer allow a shop and a visitor the configured rate, not N times it.
// Redis only counts: when it does not answer in time the process counts alone (its own memory),
// so an outage of Redis never refuses or delays the pixel's events beyond a moment.
import { Redis } from "ioredis";
import { logger } from "../logger.server";
import { QUEUE_NAME } from "../delivery/queue.server";
import { RateLimiter, type Limit } from "./rate-limit";

export interface Limiter {
  /** Takes `n` events for `key`; resolves 0 when allowed, else the ms until the window reopens. */
  take(key: string, n: number): number | Promise<number>;
}

// KEYS[1] the window's counter; ARGV: events wanted, the limit, the window in ms.
// A refused take adds nothing (as in memory); the first take of a window starts its clock.
const TAKE = `
local n, limit, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if used > 0 and ttl < 0 then redis.call('PEXPIRE', KEYS[1], window) ttl = window end
if used + n > limit then
  if ttl < 0 then return window end
  return ttl
end
if redis.call('INCRBY', KEYS[1], n) == n then redis.call('PEXPIRE', KEYS[1], window) end
return 0`;

/** How long a take waits for Redis before the process counts alone. */
const REDIS_WAIT_MS = 250;

type TakingRedis = Redis & { conduitTake(key: string, n: number, limit: number, windowMs: number): Promise<number> };

let client: TakingRedis | undefined;
function redis(url: string): TakingRedis {
  if (!client) {
    client = new Redis(url, { connectionName: "conduit:collect-rate", maxRetriesPerRequest: 1, commandTimeout: REDIS_WAIT_MS }) as TakingRedis;
    client.defineCommand("conduitTake", { numberOfKeys: 1, lua: TAKE });
    client.on("error", () => undefined); // reported once per outage below, where a take falls back
  }
  return client;
}

export class SharedRateLimiter implements Limiter {
  private readonly local: RateLimiter;
  private warnedAt = 0;
  constructor(private readonly url: string, private readonly name: string, private readonly limit: Limit) {
    this.local = new RateLimiter(limit);
  }

  async take(key: string, n: number): Promise<number> {
    try {
      return await redis(this.url).conduitTake(`${QUEUE_NAME}:collect-rate:${this.name}:${key}`, n, this.limit.events, this.limit.windowMs);
    } catch (err) {
      if (Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        logger.warn({ err: (err as Error).message, limit: this.name }, "collect rate limit: Redis not answering, this process counts alone");
      }
      return this.local.take(key, n);
    }
  }
}

/** Shared through Redis when REDIS_URL is set; this process's memory otherwise. */
export function collectLimiter(name: string, limit: Limit, redisUrl = process.env.REDIS_URL): Limiter {
  return redisUrl ? new SharedRateLimiter(redisUrl, name, limit) : new RateLimiter(limit);
}
