package dev.taskflow.platform;

import dev.taskflow.infra.EmbeddedPostgresServer;
import dev.taskflow.infra.KafkaBroker;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The whole platform in one JVM: a real PostgreSQL server, a real Kafka broker (child JVM), a mail catcher
 * (GreenMail SMTP, {@link MailCatcher}) and every service as its own Spring context with its own port, schema
 * and configuration file. The services answer only requests that carry the service credential, which the
 * gateway sends: {@code TASKFLOW_SERVICE_CREDENTIAL}, or a fresh random one per start.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);
    /** Services start two or three at a time; more only fights over the two cores. */
    private static final int PARALLEL_STARTS = 3;
    static final String SERVICE_CREDENTIAL_PROPERTY = "taskflow.security.service-credential";

    private final PlatformSettings settings;
    private final EmbeddedPostgresServer postgres;
    private final KafkaBroker kafka;
    private final MailCatcher mail;
    private final Map<String, ConfigurableApplicationContext> services = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, List<String>> arguments = new ConcurrentHashMap<>();
    private final UnaryOperator<SpringApplicationBuilder> customizer;
    private final String serviceCredential;

    private Platform(PlatformSettings settings, EmbeddedPostgresServer postgres, KafkaBroker kafka, MailCatcher mail,
                     UnaryOperator<SpringApplicationBuilder> customizer) {
        this.settings = settings;
        this.postgres = postgres;
        this.kafka = kafka;
        this.mail = mail;
        this.customizer = customizer;
        this.serviceCredential = credentialOrRandom(System.getenv("TASKFLOW_SERVICE_CREDENTIAL"));
    }

    /**
     * The configured secret, or 32 random bytes: nobody outside this JVM needs to know it, and a new one
     * per start means no secret is ever written down. A configured one that is too short is passed on
     * as it is, so that the services refuse it with their own message.
     */
    static String credentialOrRandom(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static Platform start(PlatformSettings settings) {
        return start(settings, UnaryOperator.identity());
    }

    /** Starts the platform with every service's application adjusted first (tests add beans this way). */
    static Platform start(PlatformSettings settings, UnaryOperator<SpringApplicationBuilder> customizer) {
        prepareJvm();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(settings.dataDirectory().resolve("postgres"),
                settings.postgresPort());
        KafkaBroker kafka;
        try {
            kafka = KafkaBroker.start(settings.dataDirectory().resolve("kafka"), settings.kafkaPort());
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        MailCatcher mail;
        try {
            mail = MailCatcher.start(settings.smtpPort(), settings.mailViewPort());
        } catch (RuntimeException e) {
            kafka.stop();
            postgres.close();
            throw e;
        }
        Platform platform = new Platform(settings, postgres, kafka, mail, customizer);
        try {
            platform.startServices();
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    /** Settings for a JVM that runs several service contexts side by side. */
    static void prepareJvm() {
        // one logging set-up (logback.xml) for all contexts; otherwise each context re-initialises it
        // while the others are starting, and lines are lost or printed several times
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // no phoning home from a developer's machine (and no noise when offline)
        System.setProperty("axoniq.update-checker.disabled", "true");
    }

    public String gatewayUrl() {
        return "http://localhost:" + port("api-gateway");
    }

    public String postgresUrl() {
        return postgres.jdbcUrl();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public int port(String service) {
        return Integer.parseInt(services.get(service).getEnvironment().getProperty("local.server.port"));
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** What a service wants in {@code X-Service-Credential}, for tests that call a service past the gateway. */
    String serviceCredential() {
        return serviceCredential;
    }

    /** The SMTP server notification emails go to, and what it caught. */
    public MailCatcher mail() {
        return mail;
    }

    /** The running context of a service, for tests that reach into it. */
    ConfigurableApplicationContext context(String service) {
        ConfigurableApplicationContext context = services.get(service);
        if (context == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return context;
    }

    /** The command line a backend was started with (port, database, broker), to start it elsewhere. */
    List<String> arguments(String service) {
        List<String> args = arguments.get(service);
        if (args == null) {
            throw new IllegalArgumentException("no backend service " + service);
        }
        return List.copyOf(args);
    }

    /** Stops one service as a crash of its process would (for fault tests and operators' drills). */
    public void stopService(String name) {
        ConfigurableApplicationContext context = services.remove(name);
        if (context != null) {
            context.close();
        }
    }

    /** Starts a stopped service again on the port it had, with its data as it left it. */
    public void startService(String name) {
        ServiceSpec spec = Services.BACKENDS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no backend service " + name));
        if (!services.containsKey(name)) {
            services.put(name, run(customizer.apply(spec.application().get()), spec, arguments.get(name)));
        }
    }

    private void startServices() {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_STARTS);
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (ServiceSpec spec : Services.BACKENDS) {
                starts.add(pool.submit(() -> services.put(spec.name(), startBackend(spec))));
            }
            for (Future<?> start : starts) {
                start.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting services", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a service did not start", e.getCause());
        } finally {
            pool.shutdown();
        }
        // last, so that a client that reaches the gateway finds every service up
        services.put(Services.GATEWAY.name(), run(customizer.apply(Services.GATEWAY.application().get()),
                Services.GATEWAY, gatewayArguments()));
    }

    private ConfigurableApplicationContext startBackend(ServiceSpec spec) {
        List<String> args = backendArguments(spec);
        ConfigurableApplicationContext context = run(customizer.apply(spec.application().get()), spec, args);
        // a restart must come back on the same port: the gateway routes to it
        args.replaceAll(a -> a.startsWith("--server.port=")
                ? "--server.port=" + context.getEnvironment().getProperty("local.server.port") : a);
        arguments.put(spec.name(), args);
        return context;
    }

    private List<String> backendArguments(ServiceSpec spec) {
        List<String> args = common(spec, settings.servicePort(spec.name()));
        // services trust the gateway's X-User-Id; only the gateway is reachable from other machines
        args.add("--server.address=127.0.0.1");
        args.add("--spring.datasource.url=" + postgres.jdbcUrl(spec.schema()));
        args.add("--spring.datasource.username=" + EmbeddedPostgresServer.USER);
        args.add("--spring.datasource.password=");
        args.add("--taskflow.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        if (spec.name().equals("notification-projection")) {
            // email to the mail catcher; webhooks may go to receivers on this machine (a developer's)
            args.add("--spring.mail.host=127.0.0.1");
            args.add("--spring.mail.port=" + mail.smtpPort());
            args.add("--taskflow.notification.webhooks.allow-private-addresses=true");
        }
        if (spec.name().equals("identity-service")) {
            args.add("--taskflow.identity.token.signing-key-file="
                    + settings.dataDirectory().resolve("identity/signing-key.pem"));
            args.add("--taskflow.identity.token.generate-key-if-missing=true");
        }
        return args;
    }

    private List<String> gatewayArguments() {
        List<String> args = common(Services.GATEWAY, settings.gatewayPort());
        Map<String, String> routes = Map.of("identity", "identity-service", "organization", "organization-service",
                "billing", "billing-service", "command-side", "command-side", "query-side", "query-side",
                "audit", "audit-projection", "analytics", "analytics-projection", "notification", "notification-projection");
        routes.forEach((route, service) ->
                args.add("--taskflow.gateway.services." + route + "=http://localhost:" + port(service)));
        return args;
    }

    private List<String> common(ServiceSpec spec, int port) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        // services require it, the gateway sends it (arguments of this JVM's contexts: not in any process list)
        args.add("--" + SERVICE_CREDENTIAL_PROPERTY + "=" + serviceCredential);
        args.add("--" + ServiceAutoConfigurationFilter.PROPERTY + "=" + String.join(",", spec.foreign()));
        // the launcher closes the contexts itself, in order, after the gateway stopped taking requests
        args.add("--spring.main.register-shutdown-hook=false");
        args.add("--spring.main.banner-mode=off");
        return args;
    }

    static ConfigurableApplicationContext run(ServiceSpec spec, List<String> args) {
        return run(spec.application().get(), spec, args);
    }

    private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, ServiceSpec spec,
                                                      List<String> args) {
        long started = System.nanoTime();
        if (spec == Services.GATEWAY) {
            // Tomcat is on the shared class path too; the gateway must run on Netty as it does standalone
            builder.initializers(context -> ((GenericApplicationContext) context)
                    .registerBean(NettyReactiveWebServerFactory.class));
        }
        ConfigurableApplicationContext context = builder.run(args.toArray(String[]::new));
        log.info("{} started on port {} in {} ms", spec.name(), context.getEnvironment().getProperty("local.server.port"),
                (System.nanoTime() - started) / 1_000_000);
        return context;
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(services.keySet());
        Collections.reverse(names);
        ConfigurableApplicationContext gateway = services.get(Services.GATEWAY.name());
        if (gateway != null) {
            names.remove(Services.GATEWAY.name());
            names.add(0, Services.GATEWAY.name());
        }
        for (String name : names) {
            try {
                services.get(name).close();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly: {}", name, e.toString());
            }
        }
        services.clear();
        mail.close();
        kafka.stop();
        postgres.close();
    }
}
