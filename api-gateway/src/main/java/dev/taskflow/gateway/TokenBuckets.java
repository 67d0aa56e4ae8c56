package dev.taskflow.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;

/**
 * One rate limit: a token bucket per key (a user, an organization, an address), in memory, per gateway
 * instance. A key's bucket is forgotten once it has been left alone for as long as an empty bucket takes to
 * fill up again, when it would be full anyway, so forgetting changes nothing; {@code maximumKeys} bounds the
 * map when a client makes up keys faster than that (evicting a bucket only ever lets more through).
 */
final class TokenBuckets {

    private final String name;
    private final RateLimitProperties.Limit limit;
    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;

    TokenBuckets(String name, RateLimitProperties.Limit limit, long maximumKeys, RateLimitClock clock) {
        this.name = name;
        this.limit = limit;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanoTime();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maximumKeys)
                .expireAfterAccess(timeToFill(limit))
                .ticker(clock::nanoTime)
                .build();
    }

    static Duration timeToFill(RateLimitProperties.Limit limit) {
        long seconds = (limit.capacity() + limit.refillPerSecond() - 1) / limit.refillPerSecond();
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /** {@code per-user}, {@code per-organization}, …: the {@code limit} tag and problem member. */
    String name() {
        return name;
    }

    RateLimitProperties.Limit limit() {
        return limit;
    }

    /** Takes a token: empty when there was one, otherwise how long until there is. */
    Optional<Duration> take(String key) {
        ConsumptionProbe probe = buckets.get(key, this::newBucket).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Puts back a token taken for a request that turned out not to count; never beyond the capacity. */
    void giveBack(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    /** Tokens left for the key (a full bucket for a key not seen), for tests. */
    long available(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        return bucket == null ? limit.capacity() : bucket.getAvailableTokens();
    }

    long trackedKeys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket(String key) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.capacity())
                        .refillGreedy(limit.refillPerSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }
}
