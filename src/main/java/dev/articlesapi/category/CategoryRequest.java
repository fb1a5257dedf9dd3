package dev.articlesapi.category;

import dev.articlesapi.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record CategoryRequest(@NotBlank @Size(max = 100) String name) {

    CategoryRequest {
        name = Text.trim(name);
    }
}
