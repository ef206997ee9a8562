export * from './startTestPlatform.js';
