package dev.taskflow.support.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.taskflow.support.observability.TracingConfiguration;
import io.micrometer.tracing.Tracer;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request context, correlation header and problem details for a servlet service; only requests that carry
 * the gateway's service credential, and request bodies within size and JSON limits.
 */
@Configuration(proxyBeanMethods = false)
@Import({ProblemDetailsAdvice.class, TracingConfiguration.class})
@EnableConfigurationProperties({ServiceCredentialProperties.class, WebLimitsProperties.class})
public class WebSupportConfiguration implements WebMvcConfigurer {

    @Bean
    FilterRegistrationBean<RequestContextFilter> taskflowRequestContextFilter(ObjectProvider<Tracer> tracer) {
        FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(
                new RequestContextFilter(tracer.getIfAvailable(() -> Tracer.NOOP)));
        // after Spring's ServerHttpObservationFilter (HIGHEST_PRECEDENCE + 1), whose span is the request's trace
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** Right after the request context, so that a refusal is logged, measured and has a correlation id. */
    @Bean
    FilterRegistrationBean<ServiceCredentialFilter> taskflowServiceCredentialFilter(ServiceCredentialProperties properties) {
        FilterRegistrationBean<ServiceCredentialFilter> registration =
                new FilterRegistrationBean<>(ServiceCredentialFilter.of(properties));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    @Bean
    FilterRegistrationBean<NulInAddressFilter> taskflowNulInAddressFilter() {
        FilterRegistrationBean<NulInAddressFilter> registration = new FilterRegistrationBean<>(new NulInAddressFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> taskflowBodySizeLimitFilter(WebLimitsProperties limits) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(limits.maxBodyBytes().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /**
     * Request bodies are read with tight parser limits, so deep nesting, endless numbers or huge strings fail
     * fast as a 400. A copy of Boot's mapper: the limits must not reach Axon, Kafka or anything else that
     * shares it. Boot's own JSON converter steps back for this one.
     */
    @Bean
    MappingJackson2HttpMessageConverter taskflowJsonConverter(ObjectMapper objectMapper, WebLimitsProperties limits) {
        ObjectMapper requests = objectMapper.copy();
        requests.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.json().maxNestingDepth())
                .maxNumberLength(limits.json().maxNumberLength())
                .maxStringLength(limits.json().maxStringLength())
                .build());
        // a number or a boolean where text is expected is a mistake to name (400), not a title "1e999999999"
        requests.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        requests.registerModule(NulFreeText.module());
        return new MappingJackson2HttpMessageConverter(requests);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == RequestContext.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binderFactory) {
                Object context = request.getAttribute(RequestContextFilter.ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST);
                return context != null ? context
                        : RequestContextFilter.contextOf(request.getNativeRequest(jakarta.servlet.http.HttpServletRequest.class));
            }
        });
    }
}
