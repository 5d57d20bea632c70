/**
 * The server's public address (PUBLIC_URL), the only base of the links it hands out: password
 * resets, invitations, calendar feeds. Never the request's `Host` header, which the sender
 * chooses (a reset link pointing at an attacker's host would carry the token there).
 * @module
 */

/** `https://atelier.example.fr` (no trailing slash), from the configuration. */
export const publicOrigin = (publicUrl: string): string => new URL(publicUrl).origin;
