// First: zod must be jitless before any schema is built (no CSP eval report at start).
import '../../src-shared/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickClient } from './api/pick-client';
import { MissingToken } from './components/missing-token';
import { PreloadMissing } from './components/preload-missing';
import { WorkshopApp } from './components/workshop-app';
import { browserNotices } from './lib/browser-notices';
import './styles.css';

const choice = pickClient(window);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {choice.kind === 'ready' ? (
      <WorkshopApp api={choice.api} systemNotices={browserNotices(window)} />
    ) : choice.kind === 'no-preload' ? (
      <PreloadMissing />
    ) : (
      <MissingToken />
    )}
  </StrictMode>,
);
