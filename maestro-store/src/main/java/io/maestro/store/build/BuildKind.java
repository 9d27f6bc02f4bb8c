package io.maestro.store.build;

/** What a build row is: an image built from git, or an existing image given a new tag. Both are metered. */
public enum BuildKind { BUILD, RETAG }
