/**
 * Contexts through which `main.tsx` hands the models to the pages: components read signals from
 * them and never fetch by themselves.
 * @module
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { I18n } from '../i18n/index.js';
import type { Clock } from './clock.js';
import type { MachinesModel } from './machines.js';

export interface AppModels {
  readonly machines: MachinesModel;
  readonly i18n: I18n;
  readonly clock: Clock;
}

export const ModelsContext = createContext<AppModels | null>(null);

function useModels(): AppModels {
  const models = useContext(ModelsContext);
  if (!models)
    throw new Error('ModelsContext is missing: render the page inside <ModelsContext.Provider>');
  return models;
}

export const useMachines = (): MachinesModel => useModels().machines;
export const useI18n = (): I18n => useModels().i18n;
export const useClock = (): Clock => useModels().clock;
