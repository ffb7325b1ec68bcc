import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { toast } from 'sonner';
import { afterEach } from 'vitest';

// jsdom has no pointer capture; sonner calls it when a toast is pressed (swipe to dismiss).
Element.prototype.setPointerCapture ??= () => {};
Element.prototype.releasePointerCapture ??= () => {};

afterEach(() => {
  // @testing-library/react unmounts between tests only with vitest globals on; this project keeps them off.
  cleanup();
  // sonner keeps toasts in a module-level store and replays active ones to the next Toaster: start clean.
  toast.dismiss();
});
