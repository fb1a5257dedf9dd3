package dev.articlesapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ArticlesApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ArticlesApiApplication.class, args);
    }
}
