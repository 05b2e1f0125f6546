// The import wizard lives as long as the app: leaving the Import screen while a
// file imports loses nothing, and coming back shows its progress or summary.

import { ImportWizard, type WizardState } from './importWizard';

class ImportSession {
  /** The wizard's latest state (replaced whole on every change). */
  state = $state.raw<WizardState>(null as unknown as WizardState);
  readonly wizard = new ImportWizard((next) => (this.state = next));

  constructor() {
    this.state = this.wizard.state;
  }
}

export const importSession = new ImportSession();
