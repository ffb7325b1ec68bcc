import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// @testing-library/react unmounts between tests only with vitest globals on; this project keeps them off.
afterEach(cleanup);
