/**
 * Local state of one button's action: running (to disable the button and say so), and the error
 * it ended with, if any. UI state only, so it lives in the component (`useSignal`).
 * @module
 */
import { useSignal } from '@preact/signals';

export function useAction() {
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);
  return {
    busy,
    error,
    /** Runs `work`, keeping its error for `<ApiErrorNote>`; true when it succeeded. */
    async run(work: () => Promise<unknown>): Promise<boolean> {
      busy.value = true;
      error.value = null;
      try {
        await work();
        return true;
      } catch (e) {
        error.value = e;
        return false;
      } finally {
        busy.value = false;
      }
    },
  };
}
