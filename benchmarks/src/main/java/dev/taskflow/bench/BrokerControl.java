package dev.taskflow.bench;

import java.time.Duration;

/** Takes Kafka away and gives it back (B5). */
interface BrokerControl {

    void stop();

    void start();

    String describe();

    /** Shell commands given on the command line, for a platform the harness did not start. */
    static BrokerControl commands(String stop, String start) {
        return new BrokerControl() {
            @Override
            public void stop() {
                Shell.run(stop, Duration.ofMinutes(2));
            }

            @Override
            public void start() {
                Shell.run(start, Duration.ofMinutes(2));
            }

            @Override
            public String describe() {
                return "`" + stop + "` / `" + start + "`";
            }
        };
    }
}
