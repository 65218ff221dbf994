export { localeOf } from '../i18n/index.js';
