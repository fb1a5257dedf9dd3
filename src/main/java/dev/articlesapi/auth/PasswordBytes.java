package dev.articlesapi.auth;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

/**
 * A password of 8 to 72 bytes in UTF-8 (bcrypt ignores whatever follows the 72nd byte, so
 * longer is refused).
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PasswordBytes.Validator.class)
@interface PasswordBytes {

    String MESSAGE = "must be between 8 and 72 bytes long";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PasswordBytes, String> {

        /**
         * The rule itself, for sign-up's validation and the admin seed's start-up check
         * alike.
         */
        static boolean fits(String password) {
            int bytes = password.getBytes(StandardCharsets.UTF_8).length;
            return bytes >= 8 && bytes <= 72;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || fits(value);
        }

    }

}
