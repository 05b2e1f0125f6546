// The import wizard outlives the Import screen: leaving it while a file imports
// loses nothing, and coming back shows the progress, or the summary once done.
// (The screen starts the wizard over when it is left with no import running.)

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
