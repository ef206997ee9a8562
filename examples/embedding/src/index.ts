export { type App, type AppOptions, createApp } from './createApp.js';
export { feedbackMigrations } from './feedbackMigrations.js';
