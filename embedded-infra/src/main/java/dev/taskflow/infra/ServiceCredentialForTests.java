package dev.taskflow.infra;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The shared secret a service under test requires ({@code taskflow.security.service-credential}) and
 * sends it as the gateway would: {@link #register} sets the property, {@link SentByTestRestTemplate} (to
 * {@code @Import}) puts the header on every request of the test's {@link TestRestTemplate}. Random per test
 * JVM, so that no test depends on a value written down somewhere.
 */
public final class ServiceCredentialForTests {

    public static final String HEADER = "X-Service-Credential";
    public static final String PROPERTY = "taskflow.security.service-credential";
    public static final String VALUE = random();

    private ServiceCredentialForTests() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add(PROPERTY, () -> VALUE);
    }

    /** {@code --taskflow.security.service-credential=…}, for a service started from a command line. */
    public static String argument() {
        return "--" + PROPERTY + "=" + VALUE;
    }

    /** Adds the header unless the test set one itself (to send a wrong one). */
    public static ClientHttpRequestInterceptor interceptor() {
        return (request, body, execution) -> {
            if (!request.getHeaders().containsKey(HEADER)) {
                request.getHeaders().set(HEADER, VALUE);
            }
            return execution.execute(request, body);
        };
    }

    /**
     * The test's {@link TestRestTemplate} calls as the gateway. Only that client: a customizer for every
     * RestTemplate would also hand the secret to whatever the service itself calls (webhooks, for one).
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class SentByTestRestTemplate {

        @Bean
        static BeanPostProcessor serviceCredentialOnTestRestTemplate() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof TestRestTemplate http) {
                        List<ClientHttpRequestInterceptor> interceptors =
                                new ArrayList<>(http.getRestTemplate().getInterceptors());
                        interceptors.add(interceptor());
                        http.getRestTemplate().setInterceptors(interceptors);
                    }
                    return bean;
                }
            };
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
