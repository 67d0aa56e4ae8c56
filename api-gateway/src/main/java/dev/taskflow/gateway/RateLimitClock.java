package dev.taskflow.gateway;

/**
 * The time the rate limits refill and forget by (nanoseconds, as {@link System#nanoTime()}). Production uses
 * the system's; a test supplies a bean of its own and moves it by hand.
 */
@FunctionalInterface
interface RateLimitClock {

    RateLimitClock SYSTEM = System::nanoTime;

    long nanoTime();
}
