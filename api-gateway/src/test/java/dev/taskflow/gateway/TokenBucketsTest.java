package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimitProperties.Limit fourPerSecondBurstTen = new RateLimitProperties.Limit(10, 4);

    private TokenBuckets buckets(long maximumKeys) {
        return new TokenBuckets("per-test", fourPerSecondBurstTen, maximumKeys, now::get);
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void aBurstUpToTheCapacityPassesThenTheWaitIsUntilTheNextToken() {
        TokenBuckets buckets = buckets(100);
        for (int i = 0; i < 10; i++) {
            assertThat(buckets.take("a")).isEmpty();
        }

        assertThat(buckets.take("a")).contains(Duration.ofMillis(250));
        advance(Duration.ofMillis(100));
        assertThat(buckets.take("a")).contains(Duration.ofMillis(150));
        advance(Duration.ofMillis(150));
        assertThat(buckets.take("a")).isEmpty();
        // keys do not share tokens
        assertThat(buckets.take("b")).isEmpty();
        assertThat(buckets.available("b")).isEqualTo(9);
    }

    @Test
    void aTokenGivenBackCanBeTakenAgainButNeverBeyondTheCapacity() {
        TokenBuckets buckets = buckets(100);
        for (int i = 0; i < 10; i++) {
            buckets.take("a");
        }
        assertThat(buckets.take("a")).isPresent();

        buckets.giveBack("a");
        assertThat(buckets.take("a")).isEmpty();

        buckets.take("full");
        buckets.giveBack("full");
        buckets.giveBack("full");
        assertThat(buckets.available("full")).isEqualTo(10);
        // nothing to give back to a key never seen (a forgotten bucket is full anyway)
        buckets.giveBack("never-seen");
        assertThat(buckets.trackedKeys()).isEqualTo(2);
    }

    @Test
    void madeUpKeysCannotGrowTheMapBeyondItsBound() {
        TokenBuckets buckets = buckets(100);

        for (int i = 0; i < 5_000; i++) {
            buckets.take("org-" + i);
        }

        assertThat(buckets.trackedKeys()).isLessThanOrEqualTo(100);
    }

    @Test
    void aBucketLeftAloneUntilItWouldBeFullIsForgotten() {
        TokenBuckets buckets = buckets(100);
        for (int i = 0; i < 10; i++) {
            buckets.take("a");
        }
        // 10 tokens at 4 per second: full again after 2.5 s, rounded up to whole seconds
        assertThat(TokenBuckets.timeToFill(fourPerSecondBurstTen)).isEqualTo(Duration.ofSeconds(3));

        advance(Duration.ofSeconds(2));
        assertThat(buckets.trackedKeys()).isEqualTo(1);
        advance(Duration.ofSeconds(1));
        assertThat(buckets.trackedKeys()).isZero();
        assertThat(buckets.available("a")).isEqualTo(10);
    }
}
