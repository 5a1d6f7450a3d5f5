// Renderer entry: connects the API transport, installs Pinia and PrimeVue (Aura), and the one error handler.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import Aura from '@primeuix/themes/aura';
import TheApp from './TheApp.vue';
import { connectClient } from './api/client';
import { useAppStore } from './stores/useAppStore';
import './styles.css';

connectClient();
const app = createApp(TheApp);
const pinia = createPinia();
app.use(pinia);
// PrimeVue 4.5 (MIT): version 5 moved to a commercial licence that needs a key per lab.
app.use(PrimeVue, { theme: { preset: Aura, options: { darkModeSelector: '.app-dark' } } });
app.use(ConfirmationService);

// Every error that escapes a component or action lands here and is shown with its code and message.
app.config.errorHandler = (err) => {
  useAppStore(pinia).reportError(err);
  console.error(err);
};
window.addEventListener('unhandledrejection', (ev) => {
  useAppStore(pinia).reportError(ev.reason);
});

app.mount('#app');
