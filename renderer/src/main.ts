// Renderer entry: mounts the Vue app.
import { createApp } from 'vue';
import TheApp from './TheApp.vue';

createApp(TheApp).mount('#app');
