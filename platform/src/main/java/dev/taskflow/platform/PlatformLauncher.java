package dev.taskflow.platform;

import java.util.concurrent.CountDownLatch;

/** {@code ./run.sh}: starts everything, prints where it is, and stops it all on Ctrl-C. */
public final class PlatformLauncher {

    private PlatformLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        // before anything logs: Logback reads its configuration once, on first use
        if ("json".equalsIgnoreCase(System.getenv("LOG_FORMAT"))
                && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        PlatformSettings settings = PlatformSettings.fromEnvironment(System.getenv());
        long started = System.nanoTime();
        Platform platform = Platform.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the platform…");
            platform.close();
            stopped.countDown();
        }, "platform-shutdown"));
        System.out.println(banner(platform, settings, (System.nanoTime() - started) / 1_000_000_000.0));
        stopped.await();
    }

    private static String banner(Platform platform, PlatformSettings settings, double seconds) {
        String gateway = platform.gatewayUrl();
        return """

                ==================================================================
                 taskflow platform is up (%.1f s)
                   Gateway     %s
                   PostgreSQL  %s  (user postgres, no password)
                   Kafka       %s
                   Mail        SMTP localhost:%d, caught mail at %s
                   Data        %s
                 First token:
                   curl -s -X POST %s/auth/users -H 'Content-Type: application/json' \\
                        -d '{"username":"alice","password":"alice-secret-1","displayName":"Alice"}'
                   curl -s -X POST %s/auth/token -H 'Content-Type: application/json' \\
                        -d '{"username":"alice","password":"alice-secret-1"}'
                 Stop with Ctrl-C.
                ==================================================================
                """.formatted(seconds, gateway, platform.postgresUrl(), platform.kafkaBootstrapServers(),
                platform.mail().smtpPort(), platform.mail().viewUrl(), settings.dataDirectory(), gateway, gateway);
    }
}
