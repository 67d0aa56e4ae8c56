package dev.taskflow.support.web;

import dev.taskflow.support.observability.TracingConfiguration;
import io.micrometer.tracing.Tracer;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Request context, correlation header and problem details for a servlet service. */
@Configuration(proxyBeanMethods = false)
@Import({ProblemDetailsAdvice.class, TracingConfiguration.class})
public class WebSupportConfiguration implements WebMvcConfigurer {

    @Bean
    FilterRegistrationBean<RequestContextFilter> taskflowRequestContextFilter(ObjectProvider<Tracer> tracer) {
        FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(
                new RequestContextFilter(tracer.getIfAvailable(() -> Tracer.NOOP)));
        // after Spring's ServerHttpObservationFilter (HIGHEST_PRECEDENCE + 1), whose span is the request's trace
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
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
