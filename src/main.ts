import { mount } from 'svelte';
import { setupI18n } from './i18n';
import { watchMissingChunks } from './pwa/stale-chunks';
import App from './ui/App.svelte';
import './ui/global.css';

setupI18n();
watchMissingChunks();
const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
mount(App, { target });
