package dev.taskflow.support.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The broker as this service sees it. An unreachable broker is {@code DEGRADED}, not {@code DOWN}: every
 * service keeps its promise without Kafka for a while (events wait in the outbox, consumers resume from
 * their stored position), so taking it out of a load balancer would only turn a delay into errors.
 * {@code DEGRADED} is not in the status order, so the service's overall status stays that of its other
 * parts while the component shows the broker's state.
 */
public final class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    public static final Status DEGRADED = new Status("DEGRADED", "Kafka is unreachable; work waits and resumes");

    private final String bootstrapServers;
    private final Duration timeout;
    private AdminClient admin;

    public KafkaHealthIndicator(String bootstrapServers, Duration timeout) {
        super("Kafka health check failed");
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            builder.up().withDetail("brokers", nodes);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            builder.status(DEGRADED).withDetail("error", e.getClass().getSimpleName());
        }
    }

    private synchronized AdminClient admin() {
        if (admin == null) {
            admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                    AdminClientConfig.CLIENT_ID_CONFIG, "health-check"));
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
