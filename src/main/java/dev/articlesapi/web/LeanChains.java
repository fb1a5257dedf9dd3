package dev.articlesapi.web;

import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.webflux.actuate.endpoint.web.AbstractWebFluxEndpointHandlerMapping;
import org.springframework.boot.webflux.actuate.endpoint.web.ControllerEndpointHandlerMapping;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.server.WebFilterChainProxy.WebFilterChainDecorator;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The web filters, the application's and Spring Security's, called one after the other
 * and nothing else. Spring's {@code DefaultWebFilterChain} wraps each filter's answer in
 * a {@code Mono.defer} and a {@code checkpoint} named after the filter (a string built
 * per request, an operator per filter per request): about twenty operators on every
 * request through the application's filters and a security chain's, kept for the life of
 * an event stream by each of its subscribers (bench/README.md). Here the application's
 * filters run as one filter of Spring's chain, and each security chain's filters through
 * the same lean chain ({@link WebFilterChainDecorator}, Spring Security's hook for it).
 * Same filters, same order; a filter that throws instead of answering an error still
 * answers an error.
 */
@Configuration(proxyBeanMethods = false)
class LeanChains {

    /** The application's filters (Spring Security's included) as one filter. */
    @Bean
    WebHttpHandlerBuilderCustomizer leanWebFilters() {
        return builder -> builder.filters(filters -> {
            if (filters.size() > 1) {
                List<WebFilter> all = List.copyOf(filters);
                filters.clear();
                filters.add((exchange, chain) -> new Link(all, 0, chain).filter(exchange));
            }
        });
    }

    /**
     * Each security chain's filters through the same lean chain: in place of Spring
     * Security's own post-processor, which wraps the chains in observations, and these
     * are off ({@code SecurityConfig#securityObservations}).
     */
    @Bean
    @Primary
    static ObjectPostProcessor<WebFilterChainDecorator> leanSecurityChains() {
        return new ObjectPostProcessor<>() {
            @Override
            @SuppressWarnings("unchecked")
            public <O extends WebFilterChainDecorator> O postProcess(O decorator) {
                return (O) new WebFilterChainDecorator() {
                    @Override
                    public WebFilterChain decorate(WebFilterChain original) {
                        return original;
                    }

                    @Override
                    public WebFilterChain decorate(WebFilterChain original, List<WebFilter> filters) {
                        return new Link(filters, 0, original);
                    }
                };
            }
        };
    }

    /**
     * The actuator's handler mappings after the routes: Spring Boot orders them first
     * (-100), so every request of the API's routes was first looked up among the
     * actuator's paths (1.7% of GET /articles/{id}'s CPU samples, bench/README.md). No
     * route of the API is under {@code /actuator}, so the lookup order changes no answer.
     */
    @Bean
    static BeanPostProcessor actuatorAfterRoutes() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof AbstractWebFluxEndpointHandlerMapping
                        || bean instanceof ControllerEndpointHandlerMapping) {
                    ((AbstractHandlerMapping) bean).setOrder(0);
                }
                return bean;
            }
        };
    }

    /** Filter {@code index} of {@code filters}, then the rest, then {@code end}. */
    record Link(List<WebFilter> filters, int index, WebFilterChain end) implements WebFilterChain {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            if (index == filters.size()) {
                return end.filter(exchange);
            }
            try {
                return filters.get(index).filter(exchange, new Link(filters, index + 1, end));
            }
            catch (RuntimeException e) {
                return Mono.error(e);
            }
        }
    }

}
