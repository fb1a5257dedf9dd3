package dev.articlesapi.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every JVM has (the Java SE specification requires it). */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh digest: MessageDigest instances are not thread-safe. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

}
