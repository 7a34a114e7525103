import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './app';
import { createAdminApi } from './api/admin-api';
import './page.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={createAdminApi({ origin: window.location.origin })} queryClient={createQueryClient()} />
  </StrictMode>,
);
