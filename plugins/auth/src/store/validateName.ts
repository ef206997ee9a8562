import { InvalidArgumentError } from '@mlops/plugin-api';

const namePattern = /^[A-Za-z0-9_.@+-]{1,256}$/;

/**
 * Checks a user or group name: 1 to 256 letters, digits, `_ . @ + -` (no `:`, which HTTP Basic
 * cannot carry in a user name, and nothing a URL or a log line would mangle).
 * @throws InvalidArgumentError naming `field`.
 */
export function validateName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !namePattern.test(value)) {
    throw new InvalidArgumentError(
      `${field} must be 1 to 256 letters, digits or "_.@+-", got ${JSON.stringify(value)}`,
      { field },
    );
  }
  return value;
}

/**
 * Checks a new password: 8 to 1024 characters.
 * @throws InvalidArgumentError naming `field` (the password itself is never in the message).
 */
export function validatePassword(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length < 8 || value.length > 1024) {
    throw new InvalidArgumentError(`${field} must be a string of 8 to 1024 characters`, { field });
  }
  return value;
}
