/**
 * "Copier": puts a text on the clipboard and says so; where the browser refuses (a page over plain
 * http off localhost), it selects the field instead and says how to copy by hand.
 * @module
 */
import { useSignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useI18n } from '../../models/context.js';

export function CopyButton({
  text,
  field,
}: {
  readonly text: string;
  /** The field showing the text, selected when the clipboard is refused. */
  readonly field?: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useI18n();
  const said = useSignal<'done' | 'failed' | null>(null);
  return (
    <>
      <button
        type="button"
        class="button"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            said.value = 'done';
          } catch {
            field?.current?.select();
            said.value = 'failed';
          }
        }}
      >
        {t('copy.copy')}
      </button>
      <span role="status" class="hint">
        {said.value ? t(said.value === 'done' ? 'copy.done' : 'copy.failed') : ''}
      </span>
    </>
  );
}
