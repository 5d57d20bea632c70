/**
 * What a settings form says after "save": the mistake found before sending, the server's error
 * in words, or that it is saved. One place, so every form announces them the same way (alert for
 * what stops the save, status for the success).
 * @module
 */
import { ApiErrorNote } from './index.js';

export function FormOutcome({
  wrong,
  error,
  saved,
}: {
  /** A mistake named before sending (a malformed field); null when there is none. */
  readonly wrong: string | null;
  /** The server's error, as `useAction().error` keeps it. */
  readonly error: unknown;
  /** The words saying it is saved; null until it is. */
  readonly saved: string | null;
}) {
  return (
    <>
      {wrong ? (
        <p class="note note-error" role="alert">
          {wrong}
        </p>
      ) : null}
      <ApiErrorNote error={error} />
      {saved ? (
        <p class="note note-ok" role="status">
          {saved}
        </p>
      ) : null}
    </>
  );
}
