package dev.taskflow.platform;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code docker-compose.yml}, the {@code Dockerfile} and the files under {@code deploy/} in step with
 * the services themselves: names, modules, ports, environment variables, schemas, Kafka, Prometheus
 * and the Grafana dashboard. Nothing is started; the files are read and compared with each service's
 * own {@code <service>.yml} (from the class path) and with {@link Services}.
 */
class ComposeFileTest {

    /**
     * The Prometheus metric names the dashboard must chart (timers without their _bucket/_count/_sum/_max
     * suffix). The one place to edit when a metric is renamed.
     */
    private static final List<String> DASHBOARD_METRICS = List.of(
            "http_server_requests_seconds",
            "spring_cloud_gateway_requests_seconds",
            "jdbc_query_seconds",
            "kafka_publish_errors_total",
            "consumer_lag_records",
            "consumer_lag_seconds",
            "consumer_processing_latency_seconds",
            "consumer_dead_letters_enqueued_total",
            "consumer_dead_letters_pending",
            "outbox_backlog_events",
            "outbox_backlog_age_seconds",
            "membership_denied_total",
            "entitlements_unknown_total",
            "resilience4j_circuitbreaker_state");

    /**
     * Spring Boot properties (relaxed-binding names) compose sets on every service, besides the
     * placeholders of the service's own yml. Each must be a property Spring Boot knows.
     */
    private static final Set<String> SPRING_BOOT_PROPERTIES = Set.of(
            "MANAGEMENT_OTLP_TRACING_ENDPOINT",
            "MANAGEMENT_TRACING_SAMPLING_PROBABILITY",
            "LOGGING_STRUCTURED_FORMAT_CONSOLE");

    /** Variables the JVM reads by itself. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    /**
     * The secret the gateway sends as X-Service-Credential and every backend requires
     * ({@code taskflow.security.service-credential}); checked by {@link #everyServiceSharesTheServiceCredential()}.
     */
    private static final String SERVICE_CREDENTIAL = "TASKFLOW_SERVICE_CREDENTIAL";
    private static final Pattern REQUIRED_SERVICE_CREDENTIAL =
            Pattern.compile("\\$\\{" + SERVICE_CREDENTIAL + ":\\?[^}]+}");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern COMPOSE_VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern LOCAL_ADDRESS = Pattern.compile("localhost|127\\.0\\.0\\.1|\\[::1]");
    private static final Pattern HOST_PORT_LIST = Pattern.compile("[a-z0-9.-]+:\\d+(,[a-z0-9.-]+:\\d+)*");
    private static final Pattern JDBC_POSTGRES =
            Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+)(?:\\?(.*))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root;
    private static Map<String, Map<String, Object>> compose;
    /** Every backend and the gateway, by name, with what its own yml says. */
    private static final Map<String, ServiceConfig> services = new LinkedHashMap<>();

    /**
     * One service as its own configuration file describes it.
     *
     * @param placeholders every environment-style placeholder of its yml, with its default (null: none)
     * @param properties   the yml flattened: property name to raw value
     */
    record ServiceConfig(ServiceSpec spec, Map<String, String> placeholders, Map<String, String> properties,
                         String portVariable, int port) {

        String name() {
            return spec.name();
        }

        /** The placeholder a property's value is made of, e.g. spring.datasource.url → COMMAND_SIDE_DB_URL. */
        Optional<String> placeholderOf(String property) {
            String value = properties.get(property);
            if (value == null || !value.startsWith("${") || !value.endsWith("}")) {
                return Optional.empty();
            }
            Map<String, String> found = new LinkedHashMap<>();
            collectPlaceholders(value, found);
            return found.keySet().stream().findFirst();
        }
    }

    @BeforeAll
    static void load() throws IOException {
        root = repositoryRoot();
        Path composeFile = root.resolve("docker-compose.yml");
        Map<String, Object> file = yaml(composeFile);
        Object servicesNode = file.get("services");
        if (!(servicesNode instanceof Map<?, ?> map)) {
            throw new AssertionError(composeFile + " has no services: section");
        }
        compose = new LinkedHashMap<>();
        map.forEach((name, definition) -> compose.put(String.valueOf(name), asMap(definition)));

        List<ServiceSpec> specs = new ArrayList<>(Services.BACKENDS);
        specs.add(Services.GATEWAY);
        for (ServiceSpec spec : specs) {
            services.put(spec.name(), serviceConfig(spec));
        }
    }

    // ------------------------------------------------------------------------------------------ services

    @Test
    void everyServiceIsAContainerBuiltFromItsOwnModule() throws Exception {
        List<String> problems = new ArrayList<>();
        String rootPom = Files.readString(root.resolve("pom.xml"));
        for (ServiceConfig service : services.values()) {
            String name = service.name();
            Map<String, Object> container = compose.get(name);
            if (container == null) {
                problems.add("no compose service '" + name + "' (compose services: " + compose.keySet() + ")");
                continue;
            }
            Map<String, Object> build = asMap(container.get("build"));
            if (build.isEmpty()) {
                problems.add(name + ": no build: section (every service is built from the root Dockerfile)");
                continue;
            }
            Path context = root.resolve(String.valueOf(build.getOrDefault("context", "."))).normalize();
            if (!context.equals(root)) {
                problems.add(name + ": build context " + build.get("context") + " is not the repository root");
            }
            String dockerfile = String.valueOf(build.getOrDefault("dockerfile", "Dockerfile"));
            if (!context.resolve(dockerfile).normalize().equals(root.resolve("Dockerfile"))) {
                problems.add(name + ": builds from " + dockerfile + ", not the root Dockerfile");
            }
            String module = keyValues(build.get("args")).get("MODULE");
            if (module == null) {
                problems.add(name + ": build arg MODULE is not set");
                continue;
            }
            Path moduleDir = root.resolve(module);
            Path pom = moduleDir.resolve("pom.xml");
            if (!Files.isRegularFile(pom)) {
                problems.add(name + ": MODULE=" + module + " is not a module directory with a pom.xml");
                continue;
            }
            if (!rootPom.contains("<module>" + module + "</module>")) {
                problems.add(name + ": MODULE=" + module + " is not listed as a <module> in the root pom");
            }
            if (!Files.readString(pom).contains("<artifactId>spring-boot-maven-plugin</artifactId>")) {
                problems.add(name + ": " + module + "/pom.xml has no spring-boot-maven-plugin, so no exec jar");
            }
            String artifactId = artifactId(pom);
            if (!module.equals(artifactId)) {
                problems.add(name + ": " + module + "/pom.xml has artifactId " + artifactId
                        + "; the Dockerfile copies <MODULE>/target/<MODULE>-*-exec.jar");
            }
            if (!Files.isRegularFile(moduleDir.resolve("src/main/resources/" + name + ".yml"))) {
                problems.add(name + ": MODULE=" + module + " does not hold " + name + ".yml, so it is another service");
            }
        }
        assertNoProblems("services built from the root Dockerfile", problems);
    }

    @Test
    void portsAreTheServicesOwnDefaults() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services.values()) {
            Map<String, Object> container = compose.get(service.name());
            if (container == null) {
                problems.add("no compose service '" + service.name() + "'");
                continue;
            }
            String name = service.name();
            int port = service.port();
            String value = environment(name).get(service.portVariable());
            if (value == null) {
                problems.add(name + ": " + service.portVariable() + " is not set (" + name + ".yml: server.port "
                        + service.properties().get("server.port") + ")");
            } else if (!String.valueOf(port).equals(value)) {
                problems.add(name + ": " + service.portVariable() + "=" + value + ", but " + name
                        + ".yml's default port is " + port);
            }
            List<String> expose = strings(container.get("expose"));
            if (!expose.isEmpty() && !expose.contains(String.valueOf(port))) {
                problems.add(name + ": exposes " + expose + ", not its port " + port);
            }
            for (String containerPort : publishedContainerPorts(container)) {
                if (!containerPort.equals(String.valueOf(port))) {
                    problems.add(name + ": publishes container port " + containerPort + ", but it listens on " + port);
                }
            }
            if (!publishedContainerPorts(container).isEmpty() && !name.equals(Services.GATEWAY.name())) {
                problems.add(name + ": publishes a port to the host; only " + Services.GATEWAY.name() + " should");
            }
        }
        if (publishedContainerPorts(compose.getOrDefault(Services.GATEWAY.name(), Map.of())).isEmpty()) {
            problems.add(Services.GATEWAY.name() + " is not published to the host");
        }
        assertNoProblems("ports", problems);
    }

    @Test
    void everyEnvironmentVariableIsOneTheServiceReads() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services.values()) {
            if (!compose.containsKey(service.name())) {
                problems.add("no compose service '" + service.name() + "'");
                continue;
            }
            Set<String> names = rawEnvironment(service.name()).keySet();
            for (String variable : names) {
                if (!service.placeholders().containsKey(variable) && !SPRING_BOOT_PROPERTIES.contains(variable)
                        && !JVM_VARIABLES.contains(variable)) {
                    problems.add(service.name() + " sets " + variable + ", which " + service.name()
                            + ".yml does not reference (its variables: " + service.placeholders().keySet()
                            + ") and which is not an allowed Spring Boot property " + SPRING_BOOT_PROPERTIES
                            + " or JVM variable " + JVM_VARIABLES);
                }
            }
            for (String required : SPRING_BOOT_PROPERTIES) {
                if (!names.contains(required)) {
                    problems.add(service.name() + " does not set " + required + " (traces and logs of every service)");
                }
            }
        }
        assertNoProblems("environment variable names", problems);
    }

    @Test
    void everyServiceSharesTheServiceCredential() throws IOException {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services.values()) {
            String value = rawEnvironment(service.name()).get(SERVICE_CREDENTIAL);
            if (value == null) {
                problems.add(service.name() + " does not set " + SERVICE_CREDENTIAL);
            } else if (!REQUIRED_SERVICE_CREDENTIAL.matcher(value).matches()) {
                // no default: a secret in this file would be the same on every installation
                problems.add(service.name() + ": " + SERVICE_CREDENTIAL + "=" + value + ", expected ${"
                        + SERVICE_CREDENTIAL + ":?message} (required, no default)");
            }
        }
        // the gateway sends it, every backend requires it: all read the same variable, none has a default
        for (ServiceConfig service : services.values()) {
            if (!Optional.of(SERVICE_CREDENTIAL).equals(service.placeholderOf("taskflow.security.service-credential"))) {
                problems.add(service.name() + ".yml: taskflow.security.service-credential is "
                        + service.properties().get("taskflow.security.service-credential") + ", not ${"
                        + SERVICE_CREDENTIAL + ":}");
            } else if (!Objects.requireNonNullElse(service.placeholders().get(SERVICE_CREDENTIAL), "").isEmpty()) {
                problems.add(service.name() + ".yml: " + SERVICE_CREDENTIAL + " has a default; it must have none");
            }
        }
        Path example = root.resolve(".env.example");
        if (!Files.isRegularFile(example) || Files.readAllLines(example).stream()
                .noneMatch(line -> line.startsWith(SERVICE_CREDENTIAL + "="))) {
            problems.add(".env.example does not show " + SERVICE_CREDENTIAL + "=<placeholder>");
        }
        for (String ignoreFile : List.of(".gitignore", ".dockerignore")) {
            if (!Files.readAllLines(root.resolve(ignoreFile)).contains(".env")) {
                problems.add(ignoreFile + " does not exclude .env, where the secret is kept");
            }
        }
        assertNoProblems("service credential", problems);
    }

    @Test
    void allowedSpringBootPropertiesExist() throws IOException {
        Set<String> known = new LinkedHashSet<>();
        Enumeration<URL> metadata = getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        for (URL url : Collections.list(metadata)) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : JSON.readTree(in).path("properties")) {
                    known.add(property.path("name").asText().replace(".", "_").replace("-", "").toUpperCase());
                }
            }
        }
        List<String> problems = SPRING_BOOT_PROPERTIES.stream().filter(name -> !known.contains(name))
                .map(name -> name + " is no Spring Boot property in any spring-configuration-metadata.json on the class path")
                .toList();
        assertNoProblems("allowed Spring Boot properties", problems);
    }

    @Test
    void localAddressesAreOverriddenWithComposeServices() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services.values()) {
            if (!compose.containsKey(service.name())) {
                problems.add("no compose service '" + service.name() + "'");
                continue;
            }
            Map<String, String> environment = environment(service.name());
            service.placeholders().forEach((variable, fallback) -> {
                if (fallback != null && LOCAL_ADDRESS.matcher(fallback).find() && !environment.containsKey(variable)) {
                    problems.add(service.name() + ": " + variable + " defaults to " + fallback
                            + ", which is not reachable in a container; set it in docker-compose.yml");
                }
            });
            environment.forEach((variable, value) -> {
                if (LOCAL_ADDRESS.matcher(value).find()) {
                    problems.add(service.name() + ": " + variable + "=" + value + " points at the container itself");
                }
                for (URI address : addresses(value)) {
                    String target = address.getHost();
                    if (!compose.containsKey(target)) {
                        problems.add(service.name() + ": " + variable + "=" + value + " names host " + target
                                + ", which is no compose service");
                    } else if (address.getPort() > 0 && !listeningPorts(target).contains(address.getPort())) {
                        problems.add(service.name() + ": " + variable + "=" + value + " uses port " + address.getPort()
                                + ", but " + target + " listens on " + listeningPorts(target));
                    }
                }
            });
        }
        assertNoProblems("addresses", problems);
    }

    @Test
    void databaseUrlsUseEachServicesSchema() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services.values()) {
            String schema = service.spec().schema();
            if (schema == null || !compose.containsKey(service.name())) {
                continue;
            }
            String name = service.name();
            Optional<String> variable = service.placeholderOf("spring.datasource.url");
            if (variable.isEmpty()) {
                problems.add(name + ".yml: spring.datasource.url is not a ${VARIABLE:default} placeholder");
                continue;
            }
            Map<String, String> environment = environment(name);
            String url = environment.get(variable.get());
            if (url == null) {
                problems.add(name + ": " + variable.get() + " is not set");
                continue;
            }
            Matcher jdbc = JDBC_POSTGRES.matcher(url);
            if (!jdbc.matches()) {
                problems.add(name + ": " + variable.get() + "=" + url + " is no jdbc:postgresql://host:port/database URL");
                continue;
            }
            String host = jdbc.group(1);
            String currentSchema = query(jdbc.group(4)).get("currentSchema");
            if (!schema.equals(currentSchema)) {
                problems.add(name + ": " + variable.get() + "=" + url + " has currentSchema=" + currentSchema
                        + ", but the service's schema is " + schema + " (Services)");
            }
            String fallback = service.placeholders().get(variable.get());
            Matcher fallbackUrl = JDBC_POSTGRES.matcher(fallback == null ? "" : fallback);
            if (fallbackUrl.matches() && !schema.equals(query(fallbackUrl.group(4)).get("currentSchema"))) {
                problems.add(name + ".yml: the default of " + variable.get() + " has another schema than " + schema);
            }
            if (!compose.containsKey(host)) {
                problems.add(name + ": " + variable.get() + "=" + url + " names host " + host + ", no compose service");
                continue;
            }
            Map<String, String> postgres = environment(host);
            if (!Objects.equals(postgres.get("POSTGRES_DB"), jdbc.group(3))) {
                problems.add(name + ": database " + jdbc.group(3) + ", but " + host + " creates POSTGRES_DB="
                        + postgres.get("POSTGRES_DB"));
            }
            if (!Objects.equals(environment.get("DB_USER"), postgres.get("POSTGRES_USER"))) {
                problems.add(name + ": DB_USER=" + environment.get("DB_USER") + ", but " + host + " has POSTGRES_USER="
                        + postgres.get("POSTGRES_USER"));
            }
            if (!Objects.equals(environment.get("DB_PASSWORD"), postgres.get("POSTGRES_PASSWORD"))) {
                problems.add(name + ": DB_PASSWORD is not " + host + "'s POSTGRES_PASSWORD");
            }
        }
        String postgres = serviceWithImage("postgres");
        String image = String.valueOf(compose.get(postgres).get("image"));
        if (!image.matches("postgres:16([.-].*)?")) {
            problems.add(postgres + ": image " + image + ", expected PostgreSQL 16");
        }
        Set<String> schemas = new LinkedHashSet<>();
        services.values().stream().map(s -> s.spec().schema()).filter(Objects::nonNull).forEach(schema -> {
            if (!schemas.add(schema)) {
                problems.add("schema " + schema + " is used by two services");
            }
        });
        assertNoProblems("database URLs", problems);
    }

    @Test
    void gatewayUrisNameTheServicesAndTheirPorts() {
        List<String> problems = new ArrayList<>();
        ServiceConfig gateway = services.get(Services.GATEWAY.name());
        Map<String, String> environment = compose.containsKey(gateway.name()) ? environment(gateway.name()) : Map.of();
        Map<Integer, String> backendByPort = new LinkedHashMap<>();
        Services.BACKENDS.forEach(spec -> backendByPort.put(services.get(spec.name()).port(), spec.name()));
        Set<String> reached = new LinkedHashSet<>();
        gateway.placeholders().forEach((variable, fallback) -> {
            if (!variable.endsWith("_URI")) {
                return;
            }
            String value = environment.get(variable);
            if (value == null) {
                problems.add("api-gateway: " + variable + " is not set (default " + fallback + ")");
                return;
            }
            URI uri = URI.create(value);
            String host = uri.getHost();
            ServiceConfig target = services.get(host);
            if (target == null || !compose.containsKey(host)) {
                problems.add("api-gateway: " + variable + "=" + value + " names " + host + ", which is no backend"
                        + " compose service " + backendByPort.values());
                return;
            }
            reached.add(host);
            if (uri.getPort() != target.port()) {
                problems.add("api-gateway: " + variable + "=" + value + ", but " + host + " listens on " + target.port());
            }
            // the default (http://localhost:<port>) says which service the variable means
            int defaultPort = fallback == null ? -1 : URI.create(fallback).getPort();
            if (backendByPort.containsKey(defaultPort) && !backendByPort.get(defaultPort).equals(host)) {
                problems.add("api-gateway: " + variable + " defaults to " + fallback + " (" + backendByPort.get(defaultPort)
                        + "), but compose points it at " + host);
            }
        });
        Services.BACKENDS.stream().map(ServiceSpec::name).filter(name -> !reached.contains(name))
                .forEach(name -> problems.add("api-gateway: no *_URI points at " + name));
        assertNoProblems("gateway URIs", problems);
    }

    @Test
    void servicesAreHealthCheckedAndWaitForWhatTheyUse() {
        List<String> problems = new ArrayList<>();
        String postgres = serviceWithImage("postgres");
        String kafka = serviceWithImage("apache/kafka");
        for (ServiceConfig service : services.values()) {
            Map<String, Object> container = compose.get(service.name());
            if (container == null) {
                problems.add("no compose service '" + service.name() + "'");
                continue;
            }
            String name = service.name();
            String check = String.join(" ", strings(asMap(container.get("healthcheck")).get("test")));
            if (!check.contains("localhost:" + service.port() + "/actuator/health/")) {
                problems.add(name + ": the healthcheck [" + check + "] does not ask localhost:" + service.port()
                        + "/actuator/health/…");
            }
            Map<String, String> dependsOn = dependsOn(container);
            dependsOn.keySet().stream().filter(target -> !compose.containsKey(target))
                    .forEach(target -> problems.add(name + " depends on " + target + ", which is no compose service"));
            if (service.spec().schema() != null && !"service_healthy".equals(dependsOn.get(postgres))) {
                problems.add(name + " uses PostgreSQL but does not wait for " + postgres + " to be healthy");
            }
            if (service.placeholders().containsKey("KAFKA_BOOTSTRAP_SERVERS")
                    && !"service_healthy".equals(dependsOn.get(kafka))) {
                problems.add(name + " uses Kafka but does not wait for " + kafka + " to be healthy");
            }
        }
        for (String infrastructure : List.of(postgres, kafka)) {
            if (asMap(compose.get(infrastructure).get("healthcheck")).get("test") == null) {
                problems.add(infrastructure + " has no healthcheck, so nothing can wait for it to be healthy");
            }
        }
        assertNoProblems("healthchecks and start order", problems);
    }

    // ------------------------------------------------------------------------------------------ infrastructure

    @Test
    void notificationEmailGoesToTheMailCatcher() {
        List<String> problems = new ArrayList<>();
        String service = "notification-projection";
        String catcher = serviceWithImage("axllent/mailpit");
        Map<String, String> environment = environment(service);
        String host = environment.get("SMTP_HOST");
        String port = environment.get("SMTP_PORT");
        if (!catcher.equals(host)) {
            problems.add(service + ": SMTP_HOST=" + host + ", expected the mail catcher " + catcher);
        } else if (port == null || !listeningPorts(catcher).contains(Integer.parseInt(port))) {
            problems.add(service + ": SMTP_PORT=" + port + ", but " + catcher + " listens on " + listeningPorts(catcher));
        }
        ServiceConfig config = services.get(service);
        for (String variable : List.of("SMTP_HOST", "SMTP_PORT")) {
            if (config == null || !config.placeholders().containsKey(variable)) {
                problems.add(service + ".yml does not read " + variable);
            }
        }
        if (!"service_started".equals(dependsOn(compose.get(service)).get(catcher))) {
            problems.add(service + " does not wait for " + catcher + " to be started");
        }
        // its web UI is how people read the caught mail, so it is published to the host
        if (!publishedContainerPorts(compose.get(catcher)).contains("8025")) {
            problems.add(catcher + " does not publish its web UI (8025) to the host");
        }
        assertNoProblems("mail catcher", problems);
    }

    @Test
    void kafkaRunsInKraftModeWithoutZooKeeper() {
        List<String> problems = new ArrayList<>();
        compose.forEach((name, container) -> {
            if (name.toLowerCase().contains("zookeeper")
                    || String.valueOf(container.get("image")).toLowerCase().contains("zookeeper")) {
                problems.add("compose service " + name + " is a ZooKeeper; Kafka runs in KRaft mode");
            }
        });
        String kafka = serviceWithImage("apache/kafka");
        String image = String.valueOf(compose.get(kafka).get("image"));
        if (!image.startsWith("apache/kafka:3.9.")) {
            problems.add(kafka + ": image " + image + ", expected apache/kafka:3.9.x");
        }
        Map<String, String> environment = environment(kafka);
        List<String> roles = List.of(environment.getOrDefault("KAFKA_PROCESS_ROLES", "").split("\\s*,\\s*"));
        if (!roles.contains("controller") || !roles.contains("broker")) {
            problems.add(kafka + ": KAFKA_PROCESS_ROLES=" + environment.get("KAFKA_PROCESS_ROLES")
                    + ", a single KRaft node needs broker,controller");
        }
        if (environment.containsKey("KAFKA_ZOOKEEPER_CONNECT")) {
            problems.add(kafka + " sets KAFKA_ZOOKEEPER_CONNECT");
        }
        for (String required : List.of("CLUSTER_ID", "KAFKA_NODE_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS",
                "KAFKA_CONTROLLER_LISTENER_NAMES", "KAFKA_ADVERTISED_LISTENERS")) {
            if (environment.getOrDefault(required, "").isBlank()) {
                problems.add(kafka + ": " + required + " is not set");
            }
        }
        String advertised = environment.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
        for (ServiceConfig service : services.values()) {
            String bootstrap = compose.containsKey(service.name())
                    ? environment(service.name()).get("KAFKA_BOOTSTRAP_SERVERS") : null;
            if (bootstrap != null && !advertised.contains("//" + bootstrap)) {
                problems.add(service.name() + ": KAFKA_BOOTSTRAP_SERVERS=" + bootstrap + " is not what " + kafka
                        + " advertises (" + advertised + ")");
            }
        }
        assertNoProblems("Kafka", problems);
    }

    @Test
    void prometheusScrapesEveryService() throws IOException {
        List<String> problems = new ArrayList<>();
        String prometheus = serviceWithImage("prom/prometheus");
        Path config = mountedFile(prometheus, "/etc/prometheus/prometheus.yml");
        Map<String, Object> scrape = yaml(config);
        Set<String> targets = new LinkedHashSet<>();
        for (Object job : list(scrape.get("scrape_configs"))) {
            Map<String, Object> scrapeConfig = asMap(job);
            if (!"/actuator/prometheus".equals(scrapeConfig.get("metrics_path"))) {
                continue;
            }
            for (Object staticConfig : list(scrapeConfig.get("static_configs"))) {
                targets.addAll(strings(asMap(staticConfig).get("targets")));
            }
        }
        for (ServiceConfig service : services.values()) {
            String target = service.name() + ":" + service.port();
            if (!targets.contains(target)) {
                problems.add(root.relativize(config) + " does not scrape " + target + " at /actuator/prometheus"
                        + " (targets with that path: " + targets + ")");
            }
        }
        assertNoProblems("Prometheus", problems);
    }

    @Test
    void grafanaDashboardChartsEveryMetric() throws IOException {
        List<String> problems = new ArrayList<>();
        String grafana = serviceWithImage("grafana/grafana");
        Path provisioning = mountedFile(grafana, "/etc/grafana/provisioning");
        Set<String> datasources = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(provisioning.resolve("datasources"))) {
            for (Path file : files.toList()) {
                for (Object source : list(yaml(file).get("datasources"))) {
                    Map<String, Object> datasource = asMap(source);
                    if ("prometheus".equals(datasource.get("type"))) {
                        datasources.add(String.valueOf(datasource.get("uid")));
                        URI url = URI.create(String.valueOf(datasource.get("url")));
                        if (!compose.containsKey(url.getHost())) {
                            problems.add(file.getFileName() + ": datasource url " + url + " names no compose service");
                        }
                    }
                }
            }
        }
        if (datasources.isEmpty()) {
            problems.add("no Prometheus datasource is provisioned under " + root.relativize(provisioning));
        }
        Set<String> dashboardDirectories = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(provisioning.resolve("dashboards"))) {
            for (Path file : files.toList()) {
                for (Object provider : list(yaml(file).get("providers"))) {
                    dashboardDirectories.add(String.valueOf(asMap(asMap(provider).get("options")).get("path")));
                }
            }
        }
        Path dashboardFile = root.resolve("deploy/grafana/dashboards/taskflow.json");
        boolean mounted = dashboardDirectories.stream().anyMatch(directory -> {
            Optional<Path> source = mountSource(grafana, directory);
            return source.isPresent() && source.get().equals(dashboardFile.getParent());
        });
        if (!mounted) {
            problems.add("deploy/grafana/dashboards is not mounted at a provisioned dashboard path " + dashboardDirectories);
        }
        JsonNode dashboard = JSON.readTree(dashboardFile.toFile());
        List<String> expressions = new ArrayList<>();
        Set<String> usedDatasources = new LinkedHashSet<>();
        collectQueries(dashboard.path("panels"), expressions, usedDatasources);
        collectQueries(dashboard.path("templating").path("list"), new ArrayList<>(), usedDatasources);
        for (String metric : DASHBOARD_METRICS) {
            Pattern reference = Pattern.compile("(?<![A-Za-z0-9_:])" + Pattern.quote(metric)
                    + "(_bucket|_count|_sum|_max)?(?![A-Za-z0-9_:])");
            if (expressions.stream().noneMatch(expr -> reference.matcher(expr).find())) {
                problems.add("deploy/grafana/dashboards/taskflow.json charts no " + metric);
            }
        }
        usedDatasources.stream().filter(uid -> !datasources.contains(uid) && !uid.startsWith("$"))
                .forEach(uid -> problems.add("the dashboard uses datasource uid " + uid + ", provisioned are " + datasources));
        assertNoProblems("Grafana dashboard", problems);
    }

    @Test
    void dockerfileBuildsTheModuleAndRunsItsExecJar() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> instructions = dockerInstructions(root.resolve("Dockerfile"));
        List<List<String>> stages = new ArrayList<>();
        for (String instruction : instructions) {
            if (instruction.toUpperCase().startsWith("FROM ")) {
                stages.add(new ArrayList<>());
            }
            if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).add(instruction);
            }
        }
        if (stages.size() < 2) {
            problems.add("the Dockerfile has " + stages.size() + " stage(s); expected a build and a runtime stage");
            assertNoProblems("Dockerfile", problems);
        }
        List<String> build = stages.get(0);
        List<String> runtime = stages.get(stages.size() - 1);
        Pattern module = Pattern.compile("\\$\\{?MODULE}?");
        if (!build.get(0).contains("eclipse-temurin:17") || !build.get(0).contains("jdk")) {
            problems.add("build stage " + build.get(0) + " is not an eclipse-temurin 17 JDK");
        }
        if (build.stream().noneMatch(line -> line.matches("(?i)ARG\\s+MODULE\\b.*"))) {
            problems.add("the build stage does not declare ARG MODULE");
        }
        boolean builds = build.stream().anyMatch(line -> line.startsWith("RUN") && line.contains("./mvnw")
                && Pattern.compile("-pl\\s+" + module.pattern() + "(\\s|$)").matcher(line).find()
                && line.contains(" -am ") && line.contains(" package"));
        if (!builds) {
            problems.add("no RUN in the build stage runs ./mvnw … -pl ${MODULE} -am package");
        }
        Pattern jar = Pattern.compile(module.pattern() + "/target/" + module.pattern() + "-\\*-exec\\.jar");
        if (build.stream().noneMatch(line -> jar.matcher(line).find())) {
            problems.add("the build stage does not pick ${MODULE}/target/${MODULE}-*-exec.jar");
        }
        if (!Files.readString(root.resolve("pom.xml")).contains("<classifier>exec</classifier>")) {
            problems.add("the root pom no longer repackages with classifier exec, so *-exec.jar does not exist");
        }
        if (!runtime.get(0).contains("eclipse-temurin:17") || !runtime.get(0).contains("jre")) {
            problems.add("runtime stage " + runtime.get(0) + " is not an eclipse-temurin 17 JRE");
        }
        Optional<String> user = runtime.stream().filter(line -> line.toUpperCase().startsWith("USER ")).reduce((a, b) -> b);
        if (user.isEmpty() || user.get().matches("(?i)USER\\s+(root|0)(:.*)?")) {
            problems.add("the runtime stage runs as root (last USER: " + user.orElse("none") + ")");
        }
        Optional<String> entrypoint = runtime.stream().filter(line -> line.toUpperCase().startsWith("ENTRYPOINT")).findFirst();
        if (entrypoint.isEmpty() || !entrypoint.get().contains("java") || !entrypoint.get().contains("-jar")) {
            problems.add("the runtime stage has no ENTRYPOINT java -jar (" + entrypoint.orElse("none") + ")");
        }
        List<String> ignored = Files.readAllLines(root.resolve(".dockerignore")).stream().map(String::trim).toList();
        for (String required : List.of("target", ".data", ".git")) {
            if (ignored.stream().noneMatch(line -> line.replaceAll("^(\\*\\*/)?|/$", "").equals(required))) {
                problems.add(".dockerignore does not exclude " + required + "/");
            }
        }
        assertNoProblems("Dockerfile", problems);
    }

    // ------------------------------------------------------------------------------------------ reading

    private static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("no directory with docker-compose.yml and mvnw above " + start);
    }

    private static ServiceConfig serviceConfig(ServiceSpec spec) throws IOException {
        String file = spec.name() + ".yml";
        List<URL> found = Collections.list(ComposeFileTest.class.getClassLoader().getResources(file));
        if (found.size() != 1) {
            throw new AssertionError("expected one " + file + " on the class path, found " + found);
        }
        Map<String, Object> yml;
        try (InputStream in = found.get(0).openStream()) {
            yml = asMap(new Yaml().load(in));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        flatten("", yml, properties);
        Map<String, String> placeholders = new LinkedHashMap<>();
        properties.values().forEach(value -> collectPlaceholders(value, placeholders));
        placeholders.keySet().removeIf(name -> !ENV_NAME.matcher(name).matches());

        String serverPort = properties.get("server.port");
        Matcher port = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):(\\d+)}").matcher(serverPort == null ? "" : serverPort);
        if (!port.matches()) {
            throw new AssertionError(file + ": server.port is " + serverPort + ", expected ${PORT_VARIABLE:default}");
        }
        return new ServiceConfig(spec, placeholders, properties, port.group(1), Integer.parseInt(port.group(2)));
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, out));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else if (node != null) {
            out.put(prefix, String.valueOf(node));
        }
    }

    /** Every ${NAME:default} in a Spring property value, nested defaults included. */
    private static void collectPlaceholders(String value, Map<String, String> out) {
        int start = value.indexOf("${");
        while (start >= 0) {
            int depth = 0;
            int end = -1;
            for (int i = start + 2; i < value.length() && end < 0; i++) {
                char c = value.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        end = i;
                    }
                    depth--;
                }
            }
            if (end < 0) {
                return;
            }
            String inner = value.substring(start + 2, end);
            int colon = -1;
            depth = 0;
            for (int i = 0; i < inner.length() && colon < 0; i++) {
                char c = inner.charAt(i);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (c == ':' && depth == 0) {
                    colon = i;
                }
            }
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String fallback = colon < 0 ? null : inner.substring(colon + 1);
            out.putIfAbsent(name, fallback);
            if (fallback != null) {
                collectPlaceholders(fallback, out);
            }
            start = value.indexOf("${", end + 1);
        }
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file)) {
            return asMap(new Yaml(options).load(reader));
        } catch (RuntimeException e) {
            throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, found " + node);
        }
        return (Map<String, Object>) node;
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> list ? list : List.of();
    }

    private static List<String> strings(Object node) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(node));
    }

    /** A compose mapping or "KEY=value" list (environment, build args) as a map, values not interpolated. */
    private static Map<String, String> keyValues(Object node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> values.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else {
            for (Object entry : list(node)) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                values.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
            }
        }
        return values;
    }

    private static Map<String, String> rawEnvironment(String service) {
        return keyValues(compose.getOrDefault(service, Map.of()).get("environment"));
    }

    /** A compose service's environment as compose passes it when no variables are set: defaults used. */
    private static Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        rawEnvironment(service).forEach((key, value) -> environment.put(key, interpolate(value)));
        return environment;
    }

    private static String interpolate(String value) {
        StringBuilder out = new StringBuilder();
        String[] parts = value.split("\\$\\$", -1);
        for (int p = 0; p < parts.length; p++) {
            Matcher variable = COMPOSE_VARIABLE.matcher(parts[p]);
            while (variable.find()) {
                String operator = variable.group(2);
                String replacement = operator != null && operator.endsWith("-") ? variable.group(3) : "";
                variable.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            variable.appendTail(out);
            if (p < parts.length - 1) {
                out.append('$');
            }
        }
        return out.toString();
    }

    /** Host and port of each address in a value: a URL (jdbc: too) or a host:port list; none otherwise. */
    private static List<URI> addresses(String value) {
        String url = value.startsWith("jdbc:") ? value.substring("jdbc:".length()) : value;
        if (url.matches("[a-z][a-z0-9+.-]*://.*")) {
            URI uri = URI.create(url);
            return uri.getHost() == null ? List.of() : List.of(uri);
        }
        if (HOST_PORT_LIST.matcher(value).matches()) {
            return Stream.of(value.split(",")).map(address -> URI.create("tcp://" + address)).toList();
        }
        return List.of();
    }

    /** The ports a compose service is known to listen on: its yml port, expose and published container ports. */
    private static Set<Integer> listeningPorts(String service) {
        Set<Integer> ports = new LinkedHashSet<>();
        Optional.ofNullable(services.get(service)).ifPresent(config -> ports.add(config.port()));
        Map<String, Object> container = compose.get(service);
        strings(container.get("expose")).forEach(port -> ports.add(Integer.parseInt(port)));
        publishedContainerPorts(container).forEach(port -> ports.add(Integer.parseInt(port)));
        return ports;
    }

    private static List<String> publishedContainerPorts(Map<String, Object> container) {
        List<String> ports = new ArrayList<>();
        for (Object entry : list(container.get("ports"))) {
            if (entry instanceof Map<?, ?> longSyntax) {
                ports.add(String.valueOf(longSyntax.get("target")));
            } else {
                String text = interpolate(String.valueOf(entry)).replaceAll("/(tcp|udp)$", "");
                ports.add(text.substring(text.lastIndexOf(':') + 1));
            }
        }
        return ports;
    }

    /** depends_on as target → condition (service_started for the short list form). */
    private static Map<String, String> dependsOn(Map<String, Object> container) {
        Map<String, String> targets = new LinkedHashMap<>();
        Object node = container.get("depends_on");
        if (node instanceof Map<?, ?> map) {
            map.forEach((target, options) -> targets.put(String.valueOf(target),
                    String.valueOf(asMap(options).getOrDefault("condition", "service_started"))));
        } else {
            strings(node).forEach(target -> targets.put(target, "service_started"));
        }
        return targets;
    }

    private static String serviceWithImage(String image) {
        List<String> matches = compose.entrySet().stream()
                .filter(e -> String.valueOf(e.getValue().get("image")).startsWith(image + ":"))
                .map(Map.Entry::getKey).toList();
        if (matches.size() != 1) {
            throw new AssertionError("expected one compose service with image " + image + ":…, found " + matches);
        }
        return matches.get(0);
    }

    /** The host path mounted at a container path (bind mount, short syntax), relative to the repository. */
    private static Optional<Path> mountSource(String service, String containerPath) {
        for (String volume : strings(compose.get(service).get("volumes"))) {
            String[] parts = volume.split(":");
            if (parts.length >= 2 && parts[1].equals(containerPath) && parts[0].startsWith(".")) {
                return Optional.of(root.resolve(parts[0]).normalize());
            }
        }
        return Optional.empty();
    }

    private static Path mountedFile(String service, String containerPath) {
        Path source = mountSource(service, containerPath).orElseThrow(() -> new AssertionError(
                service + " mounts nothing from the repository at " + containerPath));
        if (!Files.exists(source)) {
            throw new AssertionError(service + " mounts " + root.relativize(source) + ", which does not exist");
        }
        return source;
    }

    private static Map<String, String> query(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query != null) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                if (equals > 0) {
                    parameters.put(parameter.substring(0, equals), parameter.substring(equals + 1));
                }
            }
        }
        return parameters;
    }

    private static String artifactId(Path pom) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals("artifactId")) {
                return element.getTextContent().trim();
            }
        }
        return null;
    }

    private static void collectQueries(JsonNode panels, List<String> expressions, Set<String> datasources) {
        for (JsonNode panel : panels) {
            Optional.ofNullable(panel.path("datasource").get("uid")).map(JsonNode::asText).ifPresent(datasources::add);
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
                Optional.ofNullable(target.path("datasource").get("uid")).map(JsonNode::asText).ifPresent(datasources::add);
            }
            collectQueries(panel.path("panels"), expressions, datasources);
        }
    }

    /** Dockerfile instructions with continuation lines joined and comments dropped. */
    private static List<String> dockerInstructions(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                instructions.add(current.toString().trim().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static void assertNoProblems(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(what + " (docker-compose.yml and its files vs. the services' own configuration):\n  - "
                    + problems.stream().distinct().collect(Collectors.joining("\n  - ")));
        }
    }
}
