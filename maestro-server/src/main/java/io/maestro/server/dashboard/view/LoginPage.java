package io.maestro.server.dashboard.view;

/**
 * The login form.
 *
 * @param error why the last attempt failed, or null
 * @param next the local path to return to after login
 * @param nonce the login form's CSRF nonce (also in an HttpOnly cookie)
 */
public record LoginPage(String error, String next, String nonce) {}
