import { mount } from 'svelte';
import { setupI18n } from './i18n';
import App from './ui/App.svelte';
import './ui/global.css';

setupI18n();
const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
mount(App, { target });
