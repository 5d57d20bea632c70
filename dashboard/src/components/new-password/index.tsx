/**
 * Two fields to choose a password, with the policy in words and the length counted as one types.
 * The server's verdict (its reasons, in the user's language) shows under the form when it says no.
 * @module
 */
import type { Signal } from '@preact/signals';
import { useI18n } from '../../models/context.js';

export function NewPasswordFields({
  password,
  confirm,
}: {
  readonly password: Signal<string>;
  readonly confirm: Signal<string>;
}) {
  const { t } = useI18n();
  const count = [...password.value].length;
  const mismatch = confirm.value !== '' && confirm.value !== password.value;
  return (
    <>
      <div class="field">
        <label for="new-password">{t('password.new')}</label>
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          required
          aria-describedby="password-policy password-count"
          value={password.value}
          onInput={(e) => (password.value = e.currentTarget.value)}
        />
        <p id="password-policy" class="hint">
          {t('password.policy')}
        </p>
        <p id="password-count" class="hint" aria-live="polite">
          {count < 12 ? t('password.length', { count }) : '✓'}
        </p>
      </div>
      <div class="field">
        <label for="confirm-password">{t('password.confirm')}</label>
        <input
          id="confirm-password"
          type="password"
          autocomplete="new-password"
          required
          aria-invalid={mismatch}
          aria-describedby={mismatch ? 'password-mismatch' : undefined}
          value={confirm.value}
          onInput={(e) => (confirm.value = e.currentTarget.value)}
        />
        {mismatch ? (
          <p id="password-mismatch" class="hint" role="alert">
            {t('password.mismatch')}
          </p>
        ) : null}
      </div>
    </>
  );
}
